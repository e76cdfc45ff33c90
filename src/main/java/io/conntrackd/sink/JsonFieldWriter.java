package io.conntrackd.sink;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Writes an event's fields as members of the JSON object that {@code generator} is inside.
 *
 * <p>Built for many events per second: field names are encoded once, {@code time} and {@code msg}
 * are formatted into a reused buffer rather than new strings, and the text of recent coordinates is
 * kept, since the same places recur. Not thread-safe: one writer per generator.
 */
public final class JsonFieldWriter implements FieldVisitor {

    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString MSG = new SerializedString("msg");
    private static final SerializedString INFO = new SerializedString("INFO");
    private static final SerializableString[] KEYS = keys();

    private final JsonGenerator generator;
    private final StringBuilder text = new StringBuilder(128);
    private char[] chars = new char[128];
    private final DecimalTexts decimals = new DecimalTexts();

    public JsonFieldWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    private static SerializableString[] keys() {
        EventField[] fields = EventField.values();
        SerializableString[] keys = new SerializableString[fields.length];
        for (EventField f : fields) {
            keys[f.ordinal()] = new SerializedString(f.key());
        }
        return keys;
    }

    /**
     * Writes the event as one JSON object shaped like the original's slog output: {@code time},
     * {@code level}, {@code msg}, then every field. The stream sink's lines and Loki's log lines.
     */
    public void writeLogObject(ConntrackEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(TIME);
        text.setLength(0);
        writeText(Rfc3339.append(text, event.receivedNanos()));
        generator.writeFieldName(LEVEL);
        generator.writeString(INFO);
        generator.writeFieldName(MSG);
        text.setLength(0);
        writeText(EventFields.appendMessage(text, event));
        writeFields(event);
        generator.writeEndObject();
    }

    private void writeText(StringBuilder sb) throws IOException {
        int length = sb.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, 2 * chars.length)];
        }
        sb.getChars(0, length, chars, 0);
        generator.writeString(chars, 0, length);
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
            generator.writeFieldName(KEYS[field.ordinal()]);
            generator.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void integer(EventField field, long value) {
        try {
            generator.writeFieldName(KEYS[field.ordinal()]);
            generator.writeNumber(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void decimal(EventField field, double value) {
        try {
            generator.writeFieldName(KEYS[field.ordinal()]);
            if (Double.isFinite(value)) {
                generator.writeNumber(decimals.text(value));
            } else {
                generator.writeNumber(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of recently written numbers, as Go's JSON encoder writes them ({@link GoFloat#json}):
     * formatting a double costs more than the rest of a field, and the same places recur.
     */
    private static final class DecimalTexts {
        private static final int SLOTS = 64; // a power of two
        private final long[] bits = new long[SLOTS];
        private final String[] texts = new String[SLOTS];

        String text(double value) {
            long b = Double.doubleToRawLongBits(value);
            int slot = (int) ((b ^ (b >>> 29)) * 0x9E3779B97F4A7C15L >>> 58);
            String t = texts[slot];
            if (t == null || bits[slot] != b) {
                t = GoFloat.json(value);
                texts[slot] = t;
                bits[slot] = b;
            }
            return t;
        }
    }
}
