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
 * Not thread-safe: one per sink worker.
 */
final class JsonMessage {

    /** The CEE cookie as the original writes it: with a space, which JSON parsers skip as whitespace. */
    static final String CEE_COOKIE = "@cee: ";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

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

    /** The bytes of {@code header} (ASCII) followed by the JSON of {@code event}. */
    byte[] render(String header, ConntrackEvent event) throws IOException {
        buffer.reset();
        buffer.write(header.getBytes(StandardCharsets.US_ASCII));
        if (ceeCookie) {
            buffer.write(CEE_COOKIE.getBytes(StandardCharsets.US_ASCII));
        }
        generator.writeStartObject();
        generator.writeObjectFieldStart("event");
        fields.writeFields(event);
        generator.writeEndObject();
        generator.writeStringField("level", "INFO");
        generator.writeStringField("message", EventFields.message(event));
        generator.writeStringField("timestamp", Rfc3339.format(event.receivedNanos(), zone));
        generator.writeEndObject();
        generator.flush();
        return buffer.toByteArray();
    }
}
