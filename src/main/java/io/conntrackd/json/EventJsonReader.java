package io.conntrackd.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventField;

/**
 * Reads events back from the JSON that the stream sink and {@link EventJsonWriter} write, so that
 * events which travelled as JSON (Kafka, a file, HTTP) can go through the filter, the enricher and
 * the sinks again. Keys that are not event fields are skipped, a {@code null} value counts as absent,
 * and anything else that does not fit fails with a {@link MalformedEventException} naming the field.
 */
public final class EventJsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private EventJsonReader() {
    }

    /** The event of one JSON object; whitespace may follow it, nothing else. */
    public static ConntrackEvent read(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readSingle(p);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The event of one JSON object in UTF-8; whitespace may follow it, nothing else. */
    public static ConntrackEvent read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readSingle(p);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The event of one JSON object read from {@code json} (UTF-8); whitespace may follow it, nothing else. */
    public static ConntrackEvent read(InputStream json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readSingle(p);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** Every event of newline-delimited JSON (one object per line), in order. */
    public static List<ConntrackEvent> readLines(InputStream lines) throws IOException {
        List<ConntrackEvent> events = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(lines)) {
            while (p.nextToken() != null) {
                events.add(readObject(p));
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
        return events;
    }

    private static ConntrackEvent readSingle(JsonParser p) throws IOException {
        p.nextToken();
        ConntrackEvent event = readObject(p);
        if (p.nextToken() != null) {
            throw new MalformedEventException("expected one JSON object, found more after it at "
                    + location(p));
        }
        return event;
    }

    /** Reads the object that starts at the parser's current token; used by the Jackson deserializer too. */
    static ConntrackEvent readObject(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedEventException("expected a JSON object for an event, found "
                    + describe(p) + " at " + location(p));
        }
        EventAssembler event = new EventAssembler();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            EventField field = EventAssembler.field(key);
            if (field != null) {
                readValue(p, field, event);
            } else if (key.equals(EventAssembler.TIME)) {
                event.time(timeText(p));
            } else {
                p.skipChildren();
            }
        }
        return event.build();
    }

    private static void readValue(JsonParser p, EventField field, EventAssembler event) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING -> event.text(field, p.getText());
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw MalformedEventException.field(field.key(), p.getText() + " is out of range");
                }
                event.integer(field, p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> event.decimal(field, p.getDoubleValue());
            case VALUE_NULL -> { }
            default -> throw event.wrongType(field, describe(p));
        }
    }

    private static String timeText(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw MalformedEventException.field(EventAssembler.TIME,
                    "expected an RFC 3339 timestamp string, found " + describe(p));
        };
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + p.getText() + "\"";
            default -> p.getText();
        };
    }

    private static String location(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    private static MalformedEventException malformed(IOException e) {
        return new MalformedEventException("not JSON: " + e.getMessage(), e);
    }
}
