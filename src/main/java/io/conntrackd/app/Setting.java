package io.conntrackd.app;

import java.util.List;
import java.util.Locale;

/**
 * One configuration setting, declared once with its default, description and range. Its key
 * ({@code sink.stream.writer}) is the config-file key; the flag is {@code --} + key, the environment
 * variable {@code CONNTRACKD_} + key in upper case with {@code _} for {@code .} and {@code -}, and the
 * Camel property {@code conntrackd.} + key.
 *
 * @param key          dotted key
 * @param kind         value type, checked in every source
 * @param description  one line for {@code --help} and the docs
 * @param choices      allowed values of a {@link Kind#CHOICE}, lower case
 * @param separator    how a {@link Kind#LIST} is split in an environment variable or a flag value
 *                     ({@code null}: one item per flag, one per line in the variable)
 * @param defaultValue the default as text; a list's items joined by its separator (or newlines)
 * @param minimum      the smallest value of an {@link Kind#INTEGER}, or {@code null} for any
 */
public record Setting(String key, Kind kind, String description, List<String> choices, String separator,
                      String defaultValue, Long minimum) {

    /** Value types. */
    public enum Kind {
        BOOLEAN, STRING, CHOICE, INTEGER, LIST
    }

    public static Setting bool(String key, boolean defaultValue, String description) {
        return new Setting(key, Kind.BOOLEAN, description, List.of(), null, Boolean.toString(defaultValue), null);
    }

    public static Setting string(String key, String defaultValue, String description) {
        return new Setting(key, Kind.STRING, description, List.of(), null, defaultValue, null);
    }

    public static Setting integer(String key, long defaultValue, String description) {
        return new Setting(key, Kind.INTEGER, description, List.of(), null, Long.toString(defaultValue), null);
    }

    public static Setting choice(String key, String defaultValue, String description, List<String> choices) {
        return new Setting(key, Kind.CHOICE, description, List.copyOf(choices), null, defaultValue, null);
    }

    /** A list whose flag may be repeated; {@code separator} also splits each value, if not null. */
    public static Setting list(String key, String defaultValue, String description, String separator) {
        return new Setting(key, Kind.LIST, description, List.of(), separator, defaultValue, null);
    }

    /** This integer setting, refusing values below {@code smallest}. */
    public Setting atLeast(long smallest) {
        return new Setting(key, kind, description, choices, separator, defaultValue, smallest);
    }

    public String flag() {
        return "--" + key;
    }

    public String environmentVariable() {
        return "CONNTRACKD_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String property() {
        return "conntrackd." + key;
    }
}
