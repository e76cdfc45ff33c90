package io.conntrackd.sink.journal;

import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code conntrack-journal:} sink: conntrack events as systemd journal entries. */
@Component("conntrack-journal")
public class JournalSinkComponent extends SinkComponent {

    @Metadata(description = "The options every endpoint starts with; an endpoint URI overrides single ones.")
    private JournalSinkConfiguration configuration = new JournalSinkConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JournalSinkConfiguration options = configuration.copy();
        if (!remaining.isEmpty()) {
            options.setSocketPath(remaining);
        }
        return configured(new JournalSinkEndpoint(uri, this, options), parameters);
    }

    public JournalSinkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(JournalSinkConfiguration configuration) {
        this.configuration = configuration;
    }
}
