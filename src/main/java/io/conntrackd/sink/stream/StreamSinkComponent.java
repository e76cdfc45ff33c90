package io.conntrackd.sink.stream;

import java.util.Locale;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code conntrack-stream:} sink: conntrack events as JSON lines on stdout or stderr. */
@Component("conntrack-stream")
public class StreamSinkComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        StreamSinkEndpoint endpoint = new StreamSinkEndpoint(uri, this);
        endpoint.setWriter(parseWriter(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    private static StreamWriterTarget parseWriter(String remaining) {
        String name = remaining == null || remaining.isEmpty() ? "stdout" : remaining;
        try {
            return StreamWriterTarget.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stream writer \"" + name + "\" (expected stdout, stderr or"
                    + " discard)", e);
        }
    }
}
