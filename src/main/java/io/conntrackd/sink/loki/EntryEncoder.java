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
import io.conntrackd.sink.LineEncoder;

/**
 * Encodes one event as a Loki push entry, {@code ["<ns>","<line>",{structured metadata}]}, ready to be
 * spliced into a push body. The line is the stream sink's JSON object (so {@code | json} works on any
 * Loki); the metadata holds every field that is not a stream label, as strings (Loki 3.x). Encoding
 * once, when the event arrives, makes the buffered size exact and retries cheap. The line is the one the
 * route encoded for every sink that writes it, or else encoded here.
 */
final class EntryEncoder implements FieldVisitor {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final boolean structuredMetadata;
    private final ByteArrayOutputStream entryBuffer = new ByteArrayOutputStream(2048);
    private final JsonGenerator entry;
    private final LineEncoder lines = new LineEncoder();

    EntryEncoder(boolean structuredMetadata) {
        this.structuredMetadata = structuredMetadata;
        try {
            this.entry = FACTORY.createGenerator(entryBuffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.entry.setRootValueSeparator(null);
    }

    /** The entry's JSON bytes (UTF-8), with {@code line} as the event's line if the route encoded it. */
    byte[] encode(ConntrackEvent event, long timestampNanos, byte[] encodedLine) throws IOException {
        entryBuffer.reset();
        entry.writeStartArray();
        entry.writeString(Long.toString(timestampNanos));
        if (encodedLine != null) {
            entry.writeUTF8String(encodedLine, 0, encodedLine.length);
        } else { // encoded here, and copied into the entry straight from the encoder's buffer
            int length = lines.encode(event);
            entry.writeUTF8String(lines.buffer(), 0, length);
        }
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
}
