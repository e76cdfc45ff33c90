package io.conntrackd.app;

/**
 * Configures slf4j-simple: the daemon's own log goes to stderr, never into the event stream on
 * stdout. Must run before the first logger is created, so nothing before it may log.
 */
final class LoggingSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

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
        // Camel's startup chatter only when debugging; its warnings and errors always
        System.setProperty(PREFIX + "defaultLogLevel", level.equals("debug") ? "info" : "warn");
        System.setProperty(PREFIX + "log.io.conntrackd", level);
        if (!level.equals("debug")) {
            // it logs a startup failure with a stack trace; we print the cause in one line instead
            System.setProperty(PREFIX + "log.org.apache.camel.impl.engine.AbstractCamelContext", "off");
        }
    }
}
