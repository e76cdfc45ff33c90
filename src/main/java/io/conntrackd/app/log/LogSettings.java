package io.conntrackd.app.log;

import java.util.Locale;
import java.util.Map;

import org.slf4j.event.Level;

/**
 * What the daemon's log writes: its format, the level of every logger, and the levels of the loggers under
 * some names (a package or a class), as slf4j-simple's {@code log.NAME} properties did.
 *
 * @param format   the line format
 * @param level    the lowest level written by a logger without its own ({@link Level#toInt()}, or {@link #OFF})
 * @param byPrefix levels of loggers whose name is a key or starts with a key and a dot; the longest key wins
 */
public record LogSettings(LogFormat format, int level, Map<String, Integer> byPrefix) {

    /** A threshold above every level: the logger writes nothing. */
    public static final int OFF = Integer.MAX_VALUE;

    public LogSettings {
        byPrefix = Map.copyOf(byPrefix);
    }

    /** What the log does until the daemon configures it (tests, tools): text lines from INFO up. */
    static LogSettings initial() {
        return new LogSettings(LogFormat.TEXT, Level.INFO.toInt(), Map.of());
    }

    /** The threshold of {@code debug}, {@code info}, {@code warn}, {@code error}, {@code trace} or {@code off}. */
    public static int threshold(String level) {
        String name = level.toUpperCase(Locale.ROOT);
        return name.equals("OFF") ? OFF : Level.valueOf(name).toInt();
    }

    /** The threshold of the logger named {@code name}: its own entry, its closest parent's, or the default. */
    int thresholdOf(String name) {
        String key = name;
        while (true) {
            Integer own = byPrefix.get(key);
            if (own != null) {
                return own;
            }
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                return level;
            }
            key = key.substring(0, dot);
        }
    }
}
