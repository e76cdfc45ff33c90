package io.conntrackd.sink.loki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.EventFields;
import io.conntrackd.sink.FieldVisitor;
import io.conntrackd.sink.GoFloat;
import io.conntrackd.sink.JsonFieldWriter;

/**
 * Encodes one event as a Loki push entry, {@code ["<ns>","<line>",{structured metadata}]}, ready to be
 * spliced into a push body. The line is the stream sink's JSON object (so {@code | json} works on any
 * Loki); the metadata holds every field that is not a stream label, as strings (Loki 3.x). Encoding
 * once, when the event arrives, makes the buffered size exact and retries cheap.
 */
final class EntryEncoder implements FieldVisitor {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final boolean structuredMetadata;
    private final Buffer lineBuffer = new Buffer(1024);
    private final Buffer entryBuffer = new Buffer(2048);
    private final JsonGenerator line;
    private final JsonGenerator entry;
    private final JsonFieldWriter lineFields;

    EntryEncoder(boolean structuredMetadata) {
        this.structuredMetadata = structuredMetadata;
        try {
            this.line = FACTORY.createGenerator(lineBuffer);
            this.entry = FACTORY.createGenerator(entryBuffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.line.setRootValueSeparator(null);
        this.entry.setRootValueSeparator(null);
        this.lineFields = new JsonFieldWriter(line);
    }

    /** The entry's JSON bytes (UTF-8). */
    byte[] encode(ConntrackEvent event, long timestampNanos) throws IOException {
        lineBuffer.reset();
        lineFields.writeLogObject(event);
        line.flush();
        entryBuffer.reset();
        entry.writeStartArray();
        entry.writeString(Long.toString(timestampNanos));
        entry.writeUTF8String(lineBuffer.array(), 0, lineBuffer.size());
        if (structuredMetadata) {
            entry.writeStartObject();
            try {
                EventFields.visit(event, this);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            entry.writeEndObject();
        }
        entry.writeEndArray();
        entry.flush();
        return entryBuffer.toByteArray();
    }

    @Override
    public void text(EventField field, String value) {
        metadata(field, value);
    }

    @Override
    public void integer(EventField field, long value) {
        metadata(field, Long.toString(value));
    }

    @Override
    public void decimal(EventField field, double value) {
        metadata(field, GoFloat.format(value)); // as the original's text fields; the same digits as the line
    }

    private void metadata(EventField field, String value) {
        if (LokiLabels.isLabel(field)) {
            return;
        }
        try {
            entry.writeStringField(field.key(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A byte buffer whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
