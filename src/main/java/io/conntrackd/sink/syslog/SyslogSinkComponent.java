package io.conntrackd.sink.syslog;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code conntrack-syslog:} sink: conntrack events as syslog messages, e.g.
 * {@code conntrack-syslog:tcp://logs.example.org:514} or {@code conntrack-syslog:unixgram:///dev/log}.
 */
@Component("conntrack-syslog")
public class SyslogSinkComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SyslogSinkEndpoint endpoint = new SyslogSinkEndpoint(uri, this);
        endpoint.setAddress(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
