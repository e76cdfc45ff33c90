package io.conntrackd.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.JsonFieldWriter;

/**
 * Encodes events one at a time into the JSON object that {@link EventJsonWriter} (and so the converters)
 * makes of each, reusing one buffer and one generator: for a sink that sends each event as a message of
 * its own, many per second. Not thread-safe: one encoder per thread.
 */
public final class EventJsonEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;

    public EventJsonEncoder() {
        try {
            generator = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        generator.setRootValueSeparator(null);
        fields = new JsonFieldWriter(generator);
    }

    /** The JSON object of {@code event}, UTF-8, without a newline. */
    public byte[] encode(ConntrackEvent event) {
        try {
            fields.writeLogObject(event);
            generator.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        } finally {
            buffer.reset();
        }
    }
}
