package io.conntrackd.source;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code conntrack:} component: netfilter conntrack events from the kernel as exchanges. As a
 * {@link HealthCheckComponent} it has Camel's {@code healthCheckConsumerEnabled} option for its consumers'
 * health checks.
 */
@Component("conntrack")
public class ConntrackComponent extends HealthCheckComponent {

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ConntrackHealthCheckRepository.registerWith(getCamelContext());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ConntrackEndpoint endpoint = new ConntrackEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
