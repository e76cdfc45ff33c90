package io.conntrackd.app;

/** Startup cannot go on for a reason outside the configuration (exit code 1). */
public class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
