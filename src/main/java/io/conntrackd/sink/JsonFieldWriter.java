package io.conntrackd.sink;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;

/** Writes an event's fields as members of the JSON object that {@code generator} is inside. */
public final class JsonFieldWriter implements FieldVisitor {

    private final JsonGenerator generator;

    public JsonFieldWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    /**
     * Writes the event as one JSON object shaped like the original's slog output: {@code time},
     * {@code level}, {@code msg}, then every field. The stream sink's lines and Loki's log lines.
     */
    public void writeLogObject(ConntrackEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("time", Rfc3339.format(event.receivedNanos()));
        generator.writeStringField("level", "INFO");
        generator.writeStringField("msg", EventFields.message(event));
        writeFields(event);
        generator.writeEndObject();
    }

    /** Writes every field of {@code event}, in {@link EventField} order. */
    public void writeFields(ConntrackEvent event) throws IOException {
        try {
            EventFields.visit(event, this);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void text(EventField field, String value) {
        try {
            generator.writeStringField(field.key(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void integer(EventField field, long value) {
        try {
            generator.writeNumberField(field.key(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void decimal(EventField field, double value) {
        try {
            generator.writeNumberField(field.key(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
