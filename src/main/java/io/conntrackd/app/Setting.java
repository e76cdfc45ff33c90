package io.conntrackd.app;

import java.util.List;
import java.util.Locale;

/**
 * One configuration setting. Its key ({@code sink.stream.writer}) is the config-file key; the flag is
 * {@code --} + key, the environment variable {@code CONNTRACKD_} + key in upper case with {@code _} for
 * {@code .} and {@code -}, and the Camel property {@code conntrackd.} + key. Defaults live in
 * {@code application.properties}, once.
 *
 * @param key         dotted key
 * @param kind        value type, checked in every source
 * @param description one line for {@code --help} and the docs
 * @param choices     allowed values of a {@link Kind#CHOICE}, lower case
 * @param separator   how a {@link Kind#LIST} is split in an environment variable or a flag value
 *                    ({@code null}: one item per flag, one per line in the variable)
 */
public record Setting(String key, Kind kind, String description, List<String> choices, String separator) {

    /** Value types. */
    public enum Kind {
        BOOLEAN, STRING, CHOICE, INTEGER, LIST
    }

    public static Setting bool(String key, String description) {
        return new Setting(key, Kind.BOOLEAN, description, List.of(), null);
    }

    public static Setting string(String key, String description) {
        return new Setting(key, Kind.STRING, description, List.of(), null);
    }

    public static Setting integer(String key, String description) {
        return new Setting(key, Kind.INTEGER, description, List.of(), null);
    }

    public static Setting choice(String key, String description, String... choices) {
        return new Setting(key, Kind.CHOICE, description, List.of(choices), null);
    }

    /** A list whose flag may be repeated; {@code separator} also splits each value, if not null. */
    public static Setting list(String key, String description, String separator) {
        return new Setting(key, Kind.LIST, description, List.of(), separator);
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
