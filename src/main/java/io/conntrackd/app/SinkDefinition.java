package io.conntrackd.app;

import java.util.Map;

/**
 * How the CLI turns one sink's settings into the endpoint URI that the default route's recipient
 * list sends to. One implementation per sink.
 */
interface SinkDefinition {

    /** The sink's name as in its flags, e.g. {@code syslog}. */
    String name();

    /** The {@code sink.NAME.enable} setting. */
    Setting enable();

    /** The endpoint URI for the configured destination; a malformed value is a configuration error. */
    String endpointUri(Configuration config) throws ConfigurationException;

    /**
     * Checks that the destination can be used now (the original's start-up check), throwing an
     * exception whose message says why not. The default is no check.
     */
    default void probe(Configuration config) throws Exception {
    }

    /**
     * Beans the sink needs in Camel's registry, by name: for example a component holding secrets, which
     * must stay out of endpoint URIs and properties. Read from files or {@code environment} here, so that
     * a bad one stops startup with a configuration error. The default is none.
     */
    default Map<String, Object> beans(Configuration config, Map<String, String> environment)
            throws ConfigurationException {
        return Map.of();
    }
}
