package io.conntrackd.sink.journal;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code conntrack-journal:} sink: conntrack events as systemd journal entries. */
@Component("conntrack-journal")
public class JournalSinkComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JournalSinkEndpoint endpoint = new JournalSinkEndpoint(uri, this);
        if (remaining != null && !remaining.isEmpty()) {
            endpoint.setSocketPath(remaining);
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
