package io.conntrackd.sink;

import java.io.IOException;

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
public final class JsonFieldWriter {

    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString MSG = new SerializedString("msg");
    private static final SerializedString INFO = new SerializedString("INFO");
    private static final SerializableString[] KEYS = keys();

    private final JsonGenerator generator;
    private final StringBuilder text = new StringBuilder(128);
    private char[] chars = new char[128];
    private final DecimalTexts decimals = new DecimalTexts();
    private final Recorded recorded = new Recorded();

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

    /**
     * Writes every field of {@code event}, in {@link EventField} order. The walk only records the fields
     * (array stores), and one loop writes them with one call of the generator per kind of value: with the
     * generator called from every field of the walk, C2 inlined Jackson's writers at each of the ~30
     * sites into one compilation that took 20-31 MB of compiler memory, part of the daemon's peak RSS
     * (14 MB at most this way; docs/performance.md), for no faster code.
     */
    public void writeFields(ConntrackEvent event) throws IOException {
        recorded.count = 0; // the previous event's strings stay referenced until overwritten: ~30 at most
        EventFields.visit(event, recorded);
        for (int i = 0; i < recorded.count; i++) {
            writeMember(i);
        }
    }

    private void writeMember(int i) throws IOException {
        generator.writeFieldName(KEYS[recorded.keys[i]]);
        switch (recorded.kinds[i]) {
            case Recorded.TEXT -> generator.writeString(recorded.texts[i]);
            case Recorded.INTEGER -> generator.writeNumber(recorded.numbers[i]);
            case Recorded.NUMBER_TEXT -> generator.writeNumber(recorded.texts[i]);
            default -> generator.writeNumber(Double.longBitsToDouble(recorded.numbers[i]));
        }
    }

    /** An event's fields as the walk finds them, each at most once, so {@link EventField}'s size bounds them. */
    private final class Recorded implements FieldVisitor {
        static final byte TEXT = 0;
        static final byte INTEGER = 1;
        static final byte NUMBER_TEXT = 2;
        static final byte DOUBLE = 3;
        private static final int FIELDS = EventField.values().length;

        final byte[] kinds = new byte[FIELDS];
        final int[] keys = new int[FIELDS];
        final String[] texts = new String[FIELDS];
        final long[] numbers = new long[FIELDS];
        int count;

        @Override
        public void text(EventField field, String value) {
            texts[add(field, TEXT)] = value;
        }

        @Override
        public void integer(EventField field, long value) {
            numbers[add(field, INTEGER)] = value;
        }

        @Override
        public void decimal(EventField field, double value) {
            if (Double.isFinite(value)) {
                texts[add(field, NUMBER_TEXT)] = decimals.text(value);
            } else {
                numbers[add(field, DOUBLE)] = Double.doubleToRawLongBits(value);
            }
        }

        private int add(EventField field, byte kind) {
            int i = count++;
            kinds[i] = kind;
            keys[i] = field.ordinal();
            return i;
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
