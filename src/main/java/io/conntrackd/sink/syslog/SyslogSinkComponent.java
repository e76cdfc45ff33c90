package io.conntrackd.sink.syslog;

import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/**
 * The {@code conntrack-syslog:} sink: conntrack events as syslog messages, e.g.
 * {@code conntrack-syslog:tcp://logs.example.org:514} or {@code conntrack-syslog:unixgram:///dev/log}.
 */
@Component("conntrack-syslog")
public class SyslogSinkComponent extends SinkComponent {

    @Metadata(description = "The options every endpoint starts with; an endpoint URI overrides single ones.")
    private SyslogSinkConfiguration configuration = new SyslogSinkConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SyslogSinkConfiguration options = configuration.copy();
        options.setAddress(remaining);
        return configured(new SyslogSinkEndpoint(uri, this, options), parameters);
    }

    public SyslogSinkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SyslogSinkConfiguration configuration) {
        this.configuration = configuration;
    }
}
