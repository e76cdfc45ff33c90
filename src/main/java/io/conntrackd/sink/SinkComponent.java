package io.conntrackd.sink;

import java.util.Map;

import org.apache.camel.support.DefaultComponent;

/**
 * What every sink component does when it makes an endpoint: the endpoint's options are a copy of the
 * component's configuration with the URI's path and parameters applied, checked before the endpoint
 * is handed out.
 */
public abstract class SinkComponent extends DefaultComponent {

    /**
     * Applies the URI's parameters to {@code endpoint} and checks its options.
     *
     * @throws InvalidOptionException naming the option that cannot be used
     */
    protected <E extends SinkEndpoint> E configured(E endpoint, Map<String, Object> parameters) throws Exception {
        setProperties(endpoint, parameters);
        validate(endpoint.getConfiguration());
        return endpoint;
    }

    /**
     * Checks an endpoint's options, as {@link SinkConfiguration#validate()} does; a sink whose component
     * holds options of its own (secrets) also checks that they go with the endpoint's.
     *
     * @throws InvalidOptionException naming the option that cannot be used
     */
    public void validate(SinkConfiguration options) {
        options.validate();
    }
}
