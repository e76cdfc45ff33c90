package io.conntrackd.app;

import java.util.List;

/**
 * Configures slf4j-simple: the daemon's own log goes to stderr, never into the event stream on
 * stdout. Must run before the first logger is created, so nothing before it may log.
 */
final class LoggingSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /** Packages of the libraries in the daemon's jar that log through slf4j. */
    private static final List<String> LIBRARIES = List.of("org.apache", "io.netty", "io.micrometer", "com.github.jnr",
            "jnr", "dev.cel", "com.maxmind", "com.fasterxml", "org.yaml", "org.snakeyaml", "picocli", "io.pyroscope");

    private LoggingSetup() {
    }

    static void apply(String level) {
        System.setProperty(PREFIX + "logFile", "System.err");
        System.setProperty(PREFIX + "showDateTime", "true");
        System.setProperty(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty(PREFIX + "showThreadName", "false");
        System.setProperty(PREFIX + "showLogName", "false");
        System.setProperty(PREFIX + "showShortLogName", "true");
        System.setProperty(PREFIX + "levelInBrackets", "false");
        // the daemon and the log: endpoints of routes (whose loggers have any name) at the chosen level; the
        // libraries' startup chatter (Camel, Kafka, Netty, ...) only when debugging, their warnings always
        System.setProperty(PREFIX + "defaultLogLevel", level);
        String libraries = switch (level) {
            case "debug" -> "info";
            case "error" -> "error";
            default -> "warn";
        };
        for (String library : LIBRARIES) {
            System.setProperty(PREFIX + "log." + library, libraries);
        }
        if (!level.equals("debug")) {
            // it logs a startup failure with a stack trace; we print the cause in one line instead
            System.setProperty(PREFIX + "log.org.apache.camel.impl.engine.AbstractCamelContext", "off");
        }
    }
}
