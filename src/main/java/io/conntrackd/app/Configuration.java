package io.conntrackd.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.conntrackd.support.UrlCredentials;

/**
 * The resolved settings (defaults &lt; file &lt; environment &lt; flags), each value checked against its
 * setting's kind and remembered with where it came from, so that errors can name the culprit.
 */
public final class Configuration {

    /** A setting's value: a {@code String}, or a {@code List<String>} for lists. */
    record Value(Object value, String origin) {
    }

    private final Map<Setting, Value> values;
    private final Path file;
    private final List<String> warnings;

    Configuration(Map<Setting, Value> values, Path file, List<String> warnings) {
        this.values = new LinkedHashMap<>(values);
        this.file = file;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * What resolving found questionable but not wrong, one line each, such as an unknown key in the file
     * (which the original ignores silently); for the daemon's log once it is set up, or to print.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The configuration file that was read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public String string(Setting s) {
        Value v = values.get(s);
        return v == null ? "" : (String) v.value();
    }

    public boolean bool(Setting s) {
        return Boolean.parseBoolean(string(s));
    }

    public int integer(Setting s) {
        return Integer.parseInt(string(s));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(Setting s) {
        Value v = values.get(s);
        return v == null ? List.of() : (List<String>) v.value();
    }

    /** Where the setting's value came from, e.g. {@code flag --sink.stream.writer}. */
    public String origin(Setting s) {
        Value v = values.get(s);
        return v == null ? "default" : v.origin();
    }

    /** A message naming the setting, its source and its value, for errors found after resolution. */
    public String describe(Setting s) {
        Object v = values.get(s) == null ? "" : values.get(s).value();
        return s.key() + " = \"" + UrlCredentials.masked(v.toString()) + "\" (from " + origin(s) + ")";
    }

    /**
     * Every setting as a Camel property ({@code conntrackd.} + key), so routes can use
     * {@code {{conntrackd.sink.stream.writer}}}; list items are joined with their separator or a newline.
     */
    public Properties toCamelProperties() {
        Properties p = new Properties();
        for (Setting s : Settings.all()) {
            if (s.kind() == Setting.Kind.LIST) {
                p.setProperty(s.property(), String.join(s.separator() == null ? "\n" : s.separator(), list(s)));
            } else {
                p.setProperty(s.property(), string(s));
            }
        }
        return p;
    }

    /** Checks a raw value against the setting's kind and returns it normalized. */
    static String check(Setting s, String raw, String origin) throws ConfigurationException {
        String v = raw.trim();
        switch (s.kind()) {
            case BOOLEAN -> {
                return parseBoolean(s, v, origin);
            }
            case CHOICE -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (!s.choices().contains(lower)) {
                    throw invalid(s, raw, origin, "one of " + String.join(", ", s.choices()));
                }
                return lower;
            }
            case INTEGER -> {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw invalid(s, raw, origin, "an integer");
                }
                if (s.minimum() != null && n < s.minimum()) {
                    throw new ConfigurationException(s.key() + " = \"" + raw + "\" (from " + origin + "): must be "
                            + (s.minimum() == 0 ? "0 or more" : "at least " + s.minimum()));
                }
                return Integer.toString(n);
            }
            default -> {
                return raw;
            }
        }
    }

    /** Like Go's strconv.ParseBool, which the original's flags and variables accept. */
    private static String parseBoolean(Setting s, String v, String origin) throws ConfigurationException {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> "true";
            case "0", "f", "F", "false", "FALSE", "False" -> "false";
            default -> throw invalid(s, v, origin, "true or false");
        };
    }

    static ConfigurationException invalid(Setting s, String raw, String origin, String expected) {
        return new ConfigurationException("invalid value \"" + raw + "\" for " + s.key() + " in " + origin
                + ": expected " + expected);
    }
}
