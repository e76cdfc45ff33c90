package io.conntrackd.sink;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Gives a sink's writer each event's JSON line (the stream sink's line, {@link JsonFieldWriter#writeLogObject},
 * UTF-8, without a newline), taking it from {@link EventLines} when another sink of the route encoded it
 * already, else encoding it with its own reused buffer and generator (and keeping it there for the others).
 * Not thread-safe: one per sink writer.
 */
public final class LineEncoder {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final EventLines shared;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;
    private long encoded;
    private long reused;
    private boolean left;

    /** An encoder of its own, that shares with no other sink. */
    public LineEncoder() {
        this(null);
    }

    LineEncoder(EventLines shared) {
        this.shared = shared;
        try {
            generator = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        generator.setRootValueSeparator(null);
        fields = new JsonFieldWriter(generator);
    }

    /**
     * Whether another started sink writes the lines of the same events: then {@link #line} may find them
     * encoded, and a sink that can write an event without an array of its own should rather ask for it.
     */
    public boolean isShared() {
        return shared != null && shared.isShared();
    }

    /** The line of {@code event}. The array may be shared with other sinks: never change it. */
    public byte[] line(ConntrackEvent event) {
        EventLines s = shared;
        if (s == null || !s.isShared()) {
            return encode(event);
        }
        byte[] line = s.take(event);
        if (line != null) {
            reused++;
            return line;
        }
        line = encode(event);
        s.keep(event, line);
        return line;
    }

    private byte[] encode(ConntrackEvent event) {
        encoded++;
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

    /** Lines this encoder encoded itself. */
    public long encoded() {
        return encoded;
    }

    /** Lines this encoder took from another sink's encoding. */
    public long reused() {
        return reused;
    }

    /** The sink stopped: its lines are no longer shared (an encoder of its own ignores it). */
    public void leave() {
        if (shared != null && !left) {
            left = true;
            shared.leave();
        }
    }
}
