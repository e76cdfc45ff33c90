package io.conntrackd.app;

/** A bad flag, variable, file, key or value: startup stops with this message and exit code 2. */
public class ConfigurationException extends Exception {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
