package io.conntrackd.sink.stream;

import java.util.Locale;
import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code conntrack-stream:} sink: conntrack events as JSON lines on stdout or stderr. */
@Component("conntrack-stream")
public class StreamSinkComponent extends SinkComponent {

    @Metadata(description = "The options every endpoint starts with; an endpoint URI overrides single ones.")
    private StreamSinkConfiguration configuration = new StreamSinkConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StreamSinkConfiguration options = configuration.copy();
        if (!remaining.isEmpty()) {
            options.setWriter(parseWriter(remaining));
        }
        return configured(new StreamSinkEndpoint(uri, this, options), parameters);
    }

    private static StreamWriterTarget parseWriter(String name) {
        try {
            return StreamWriterTarget.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stream writer \"" + name + "\" (expected stdout, stderr or"
                    + " discard)", e);
        }
    }

    public StreamSinkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(StreamSinkConfiguration configuration) {
        this.configuration = configuration;
    }
}
