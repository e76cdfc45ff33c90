package io.conntrackd.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Encodes events one at a time into the stream sink's JSON line ({@link JsonFieldWriter#writeLogObject}, UTF-8,
 * without a newline), reusing one buffer and one generator: for a sink that sends each event's line as a
 * message of its own (Kafka's record value, Loki's log line), or that builds its JSON from it (syslog), when
 * the route did not encode the line already ({@link EventBatch#line}). Not thread-safe: one per thread.
 */
public final class LineEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Buffer buffer = new Buffer();
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
        int length = encode(event); // first: encoding may grow the buffer
        return Arrays.copyOf(buffer(), length);
    }

    /**
     * Encodes the line of {@code event} into this encoder's {@link #buffer()}, for a writer that copies it on
     * anyway: valid until the next call.
     *
     * @return the line's length
     */
    public int encode(ConntrackEvent event) {
        buffer.reset();
        try {
            fields.writeLogObject(event);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return buffer.size();
    }

    /** The buffer that {@link #encode} wrote into, from index 0: ask after encoding, as encoding may replace it. */
    public byte[] buffer() {
        return buffer.array();
    }

    /** {@code line} if the route encoded it, else the line of {@code event} encoded here. */
    public byte[] line(ConntrackEvent event, byte[] line) {
        return line != null ? line : line(event);
    }

    /** A byte array stream whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
