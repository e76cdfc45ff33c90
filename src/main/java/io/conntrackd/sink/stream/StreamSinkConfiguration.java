package io.conntrackd.sink.stream;

import io.conntrackd.sink.SinkConfiguration;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The stream sink's options. */
@UriParams
public class StreamSinkConfiguration extends SinkConfiguration {

    @UriPath(defaultValue = "stdout", enums = "stdout,stderr,discard",
             description = "Where the JSON lines go: stdout, stderr, or discard (formatted, then thrown away).")
    @Metadata(required = true)
    private StreamWriterTarget writer = StreamWriterTarget.STDOUT;

    @Override
    public StreamSinkConfiguration copy() {
        return (StreamSinkConfiguration) super.copy();
    }

    public StreamWriterTarget getWriter() {
        return writer;
    }

    public void setWriter(StreamWriterTarget writer) {
        this.writer = writer;
    }
}
