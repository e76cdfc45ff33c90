package io.conntrackd.sink.stream;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;

/**
 * Writes conntrack events (a {@code ConntrackEvent} or a list of them) as JSON lines with the original
 * conntrackd's fields: time, level, msg, type, flow, prot, addresses, ports, tcp_state, GeoIP fields.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-stream", title = "Conntrack Stream Sink",
             syntax = "conntrack-stream:writer", producerOnly = true, remote = false,
             category = {Category.MONITORING})
public class StreamSinkEndpoint extends SinkEndpoint {

    @UriPath(defaultValue = "stdout", enums = "stdout,stderr,discard",
             description = "Where the JSON lines go: stdout, stderr, or discard (formatted, then thrown away).")
    @Metadata(required = true)
    private StreamWriterTarget writer = StreamWriterTarget.STDOUT;

    public StreamSinkEndpoint(String uri, StreamSinkComponent component) {
        super(uri, component, "stream");
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        return new JsonLinesWriter(writer.open());
    }

    public StreamWriterTarget getWriter() {
        return writer;
    }

    public void setWriter(StreamWriterTarget writer) {
        this.writer = writer;
    }
}
