package io.conntrackd.sink;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Encodes events one at a time into the stream sink's JSON line ({@link JsonFieldWriter#writeLogObject}, UTF-8,
 * without a newline), reusing one buffer and one generator: for a sink that sends each event's line as a
 * message of its own (Kafka's record value, Loki's log line), or that builds its JSON from it (syslog), when
 * the route did not encode the line already ({@link EventBatch#line}). Not thread-safe: one per thread.
 */
public final class LineEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;

    public LineEncoder() {
        try {
            generator = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        generator.setRootValueSeparator(null);
        fields = new JsonFieldWriter(generator);
    }

    /** The line of {@code event}, a new array. */
    public byte[] line(ConntrackEvent event) {
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

    /** {@code line} if the route encoded it, else the line of {@code event} encoded here. */
    public byte[] line(ConntrackEvent event, byte[] line) {
        return line != null ? line : line(event);
    }
}
