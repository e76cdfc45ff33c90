package io.conntrackd.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges defaults, the configuration file, environment variables and flags, in that priority. */
public final class ConfigurationResolver {

    /** Where the configuration file is searched when none is given. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/etc/conntrackd");

    private final Map<String, String> environment;
    private final Path defaultDirectory;

    public ConfigurationResolver(Map<String, String> environment, Path defaultDirectory) {
        this.environment = environment;
        this.defaultDirectory = defaultDirectory;
    }

    /**
     * Resolves every setting.
     *
     * @param flags the flags given, by setting: a String, or a List of Strings for lists
     */
    public Configuration resolve(Map<Setting, Object> flags) throws ConfigurationException {
        Map<Setting, Configuration.Value> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        applyDefaults(values);
        Path file = configFile(flags);
        if (file != null) {
            applyFile(values, file, warnings);
        }
        applyEnvironment(values);
        applyFlags(values, flags);
        return new Configuration(values, file, warnings);
    }

    /** Each setting's declared default. */
    private static void applyDefaults(Map<Setting, Configuration.Value> values) {
        for (Setting s : Settings.all()) {
            String v = s.defaultValue();
            values.put(s, new Configuration.Value(s.kind() == Setting.Kind.LIST ? split(s, v) : v, "default"));
        }
    }

    private Path configFile(Map<Setting, Object> flags) {
        Object flag = flags.get(Settings.CONFIG);
        String env = environment.get(Settings.CONFIG.environmentVariable());
        if (flag != null && !flag.toString().isEmpty()) {
            return Path.of(flag.toString());
        }
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        return ConfigFile.findDefault(defaultDirectory);
    }

    /**
     * The file's values over the defaults. Keys are read in any case, and an unknown key is ignored, as
     * viper does for the original; but a typo must show, so it is a warning that names the closest key.
     */
    private static void applyFile(Map<Setting, Configuration.Value> values, Path file, List<String> warnings)
            throws ConfigurationException {
        for (Map.Entry<String, Object> e : ConfigFile.read(file).entrySet()) {
            Setting s = Settings.byKey(e.getKey());
            if (s == Settings.CONFIG) {
                warnings.add("configuration file " + file + ": key \"config\" ignored: name the file with "
                        + Settings.CONFIG.flag() + " or " + Settings.CONFIG.environmentVariable());
            } else if (s == null) {
                warnings.add("configuration file " + file + ": unknown key \"" + e.getKey()
                        + "\" ignored; did you mean \"" + closestKey(e.getKey()) + "\"?");
            } else {
                put(values, s, e.getValue(), "configuration file " + file + " (key " + s.key() + ")");
            }
        }
    }

    private static String closestKey(String key) {
        return ClosestKey.to(key, Settings.all().stream().filter(s -> s != Settings.CONFIG).map(Setting::key).toList());
    }

    private void applyEnvironment(Map<Setting, Configuration.Value> values) throws ConfigurationException {
        for (Setting s : Settings.all()) {
            String v = environment.get(s.environmentVariable());
            if (v != null) {
                put(values, s, s.kind() == Setting.Kind.LIST ? split(s, v) : v,
                        "environment variable " + s.environmentVariable());
            }
        }
    }

    private static void applyFlags(Map<Setting, Configuration.Value> values, Map<Setting, Object> flags)
            throws ConfigurationException {
        for (Map.Entry<Setting, Object> e : flags.entrySet()) {
            Setting s = e.getKey();
            Object v = e.getValue();
            if (s.kind() == Setting.Kind.LIST && s.separator() != null) {
                List<String> items = new ArrayList<>();
                for (Object item : (List<?>) v) {
                    items.addAll(split(s, item.toString()));
                }
                v = items;
            }
            put(values, s, v, "flag " + s.flag());
        }
    }

    private static void put(Map<Setting, Configuration.Value> values, Setting s, Object raw, String origin)
            throws ConfigurationException {
        if (s.kind() == Setting.Kind.LIST) {
            List<String> items = raw instanceof List<?> list ? list.stream().map(Object::toString).toList()
                    : split(s, raw.toString());
            values.put(s, new Configuration.Value(items, origin));
        } else if (raw instanceof List<?>) {
            throw new ConfigurationException("invalid value " + raw + " for " + s.key() + " in " + origin
                    + ": expected a single value, not a list");
        } else {
            values.put(s, new Configuration.Value(Configuration.check(s, raw.toString(), origin), origin));
        }
    }

    /** Splits a list given as one string: by its separator, or by lines. Blank items are ignored. */
    static List<String> split(Setting s, String v) {
        String regex = s.separator() == null ? "\\R" : java.util.regex.Pattern.quote(s.separator());
        return Arrays.stream(v.split(regex)).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
