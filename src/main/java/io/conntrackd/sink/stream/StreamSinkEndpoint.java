package io.conntrackd.sink.stream;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * Writes conntrack events (a {@code ConntrackEvent} or a list of them) as JSON lines with the original
 * conntrackd's fields: time, level, msg, type, flow, prot, addresses, ports, tcp_state, GeoIP fields.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-stream", title = "Conntrack Stream Sink",
             syntax = "conntrack-stream:writer", producerOnly = true, remote = false,
             category = {Category.MONITORING})
public class StreamSinkEndpoint extends SinkEndpoint {

    @UriParam
    private final StreamSinkConfiguration configuration;

    public StreamSinkEndpoint(String uri, StreamSinkComponent component, StreamSinkConfiguration configuration) {
        super(uri, component, "stream", configuration);
        this.configuration = configuration;
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        return new JsonLinesWriter(configuration.getWriter().open());
    }

    @Override
    protected boolean writesLines() {
        return true;
    }

    @Override
    public StreamSinkConfiguration getConfiguration() {
        return configuration;
    }
}
