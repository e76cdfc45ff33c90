package io.conntrackd.json;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.support.EventBodies;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.spi.annotations.Dataformat;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The {@code conntrack-json} data format, found on the classpath by its name, so a YAML route says
 * {@code marshal: {custom: {ref: conntrack-json}}} with nothing to register. Marshal writes an event
 * as its stream line ({@code application/json}) and a batch as one line per event
 * ({@code application/x-ndjson}). Unmarshal reads newline-delimited JSON: one line gives an event, more
 * give a batch (a {@code List}), the two bodies every conntrackd step accepts.
 */
@Dataformat(ConntrackJsonDataFormat.NAME)
public class ConntrackJsonDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String NAME = "conntrack-json";

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        List<ConntrackEvent> events = new ArrayList<>();
        EventBodies.forEach(exchange.getMessage(), events::add); // graph is the message body
        stream.write(EventJsonWriter.toBytes(events));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE,
                graph instanceof ConntrackEvent ? "application/json" : "application/x-ndjson");
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        List<ConntrackEvent> events = EventJsonReader.readLines(stream);
        return events.size() == 1 ? events.get(0) : List.copyOf(events);
    }
}
