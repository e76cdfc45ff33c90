package io.conntrackd.app;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.conntrackd.app.log.DaemonLoggers;
import io.conntrackd.app.log.LogFormat;
import io.conntrackd.app.log.LogSettings;

/**
 * Configures the daemon's log (io.conntrackd.app.log): it goes to stderr, never into the event stream on
 * stdout, as JSON lines (the original's form) or text. Runs before anything logs.
 */
final class LoggingSetup {

    /** Packages of the libraries in the daemon's jar that log through slf4j. */
    private static final List<String> LIBRARIES = List.of("org.apache", "io.netty", "io.micrometer", "com.github.jnr",
            "jnr", "dev.cel", "com.maxmind", "com.fasterxml", "org.yaml", "org.snakeyaml", "picocli", "io.pyroscope");

    private LoggingSetup() {
    }

    static void apply(String level, String format) {
        DaemonLoggers.configure(settings(level, format));
    }

    static LogSettings settings(String level, String format) {
        // the daemon and the log: endpoints of routes (whose loggers have any name) at the chosen level; the
        // libraries' startup chatter (Camel, Kafka, Netty, ...) only when debugging, their warnings always
        String libraries = switch (level) {
            case "debug" -> "info";
            case "error" -> "error";
            default -> "warn";
        };
        Map<String, Integer> byPrefix = new HashMap<>();
        for (String library : LIBRARIES) {
            byPrefix.put(library, LogSettings.threshold(libraries));
        }
        if (!level.equals("debug")) {
            // it logs a startup failure with a stack trace; we print the cause in one line instead
            byPrefix.put("org.apache.camel.impl.engine.AbstractCamelContext", LogSettings.OFF);
        }
        return new LogSettings(LogFormat.valueOf(format.toUpperCase(Locale.ROOT)), LogSettings.threshold(level),
                byPrefix);
    }
}
