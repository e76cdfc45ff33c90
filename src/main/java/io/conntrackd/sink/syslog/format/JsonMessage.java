package io.conntrackd.sink.syslog.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.zone.ZoneRules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventFields;
import io.conntrackd.sink.JsonFieldWriter;
import io.conntrackd.sink.Rfc3339;

/**
 * Builds one syslog message at a time: an ASCII header, then the MSG, which is the JSON of the
 * original's syslog sink: {@code {"event":{...},"level":"INFO","message":"...","timestamp":"..."}},
 * by default after the {@code @cee: } cookie, which the original's syslog handler writes before every
 * JSON (with the space) and which rsyslog's mmjsonparse looks for. The JSON is UTF-8 without a byte order mark (RFC 5424's
 * MSG-ANY) and never contains a control character, so a message is always a single line.
 *
 * <p>The event's fields and message are those of the stream sink's line, in the same order and encoding: when
 * the route encoded that line once for all the sinks that write it, the JSON is spliced from its bytes instead
 * of being encoded again. Not thread-safe: one per sink worker.
 */
final class JsonMessage {

    /** The CEE cookie as the original writes it: with a space, which JSON parsers skip as whitespace. */
    static final String CEE_COOKIE = "@cee: ";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final byte[] EVENT_START = ascii("{\"event\":{");
    private static final byte[] LEVEL_AND_MESSAGE = ascii("},\"level\":\"INFO\",\"message\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
    private static final byte[] END = ascii("\"}");
    /** The line's third member, {@code "msg":"..."}, after its separator. */
    private static final int MSG_KEY_LENGTH = ",\"msg\":".length();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;
    private final boolean ceeCookie;
    private final ZoneRules zone;

    /**
     * @param ceeCookie whether the JSON follows the {@code @cee: } cookie
     * @param zone      the offset of the JSON {@code timestamp}
     */
    JsonMessage(boolean ceeCookie, ZoneRules zone) {
        this.ceeCookie = ceeCookie;
        this.zone = zone;
        try {
            this.generator = FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        this.generator.setRootValueSeparator(null);
        this.fields = new JsonFieldWriter(generator);
    }

    /**
     * The bytes of {@code header} (ASCII) followed by the JSON of {@code event}, made from {@code line} if the
     * route encoded the event's line ({@code null} otherwise).
     */
    byte[] render(String header, ConntrackEvent event, byte[] line) throws IOException {
        buffer.reset();
        buffer.write(header.getBytes(StandardCharsets.US_ASCII));
        if (ceeCookie) {
            buffer.write(CEE_COOKIE.getBytes(StandardCharsets.US_ASCII));
        }
        if (line != null) {
            splice(line, event);
        } else {
            encode(event);
        }
        return buffer.toByteArray();
    }

    private void encode(ConntrackEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeObjectFieldStart("event");
        fields.writeFields(event);
        generator.writeEndObject();
        generator.writeStringField("level", "INFO");
        generator.writeStringField("message", EventFields.message(event));
        generator.writeStringField("timestamp", Rfc3339.format(event.receivedNanos(), zone));
        generator.writeEndObject();
        generator.flush();
    }

    /**
     * The same JSON from the event's line, {@code {"time":"...","level":"INFO","msg":"...",FIELDS}}: FIELDS
     * become the event object and msg's string the message.
     */
    private void splice(byte[] line, ConntrackEvent event) {
        int msg = memberSeparator(line, 2);
        int firstField = memberSeparator(line, 3);
        buffer.write(EVENT_START, 0, EVENT_START.length);
        buffer.write(line, firstField + 1, line.length - 1 - (firstField + 1));
        buffer.write(LEVEL_AND_MESSAGE, 0, LEVEL_AND_MESSAGE.length);
        buffer.write(line, msg + MSG_KEY_LENGTH, firstField - (msg + MSG_KEY_LENGTH));
        buffer.write(TIMESTAMP, 0, TIMESTAMP.length);
        byte[] timestamp = ascii(Rfc3339.format(event.receivedNanos(), zone)); // digits and -+:.TZ: nothing to escape
        buffer.write(timestamp, 0, timestamp.length);
        buffer.write(END, 0, END.length);
    }

    /**
     * Where the line's {@code n}th separator between members is (the comma before member {@code n + 1}). The
     * line's first members are strings, and in JSON text a comma followed by a quote occurs only between members:
     * a quote inside a string is escaped.
     */
    private static int memberSeparator(byte[] line, int n) {
        int found = 0;
        for (int i = 1; i + 1 < line.length; i++) {
            if (line[i] == ',' && line[i + 1] == '"' && ++found == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an event's JSON line: fewer than " + (n + 1) + " members");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
