package io.conntrackd.source;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code conntrack:} component: netfilter conntrack events from the kernel as exchanges. */
@Component("conntrack")
public class ConntrackComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ConntrackEndpoint endpoint = new ConntrackEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
