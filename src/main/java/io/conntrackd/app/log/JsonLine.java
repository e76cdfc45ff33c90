package io.conntrackd.app.log;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.sink.GoFloat;
import io.conntrackd.sink.Rfc3339;
import org.slf4j.event.KeyValuePair;

/**
 * The JSON form, the original's (Go slog's JSON handler): one object per line with {@code time} (RFC 3339
 * with nanoseconds, as Go's {@code time.RFC3339Nano}), {@code level} ({@code DEBUG}, {@code INFO},
 * {@code WARN}, {@code ERROR}) and {@code msg}, then our {@code logger} (the logger's name: conntrackd's
 * class, Camel's, Kafka's, ...) and the attributes. An exception adds {@code error} (its text, what Go
 * code logs) and {@code stack} (the stack trace), so that a record is always one line.
 */
final class JsonLine {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLine() {
    }

    static String render(LogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", Rfc3339.format(record.epochNanos()));
            json.writeStringField("level", record.level().name());
            json.writeStringField("msg", record.message());
            json.writeStringField("logger", record.logger());
            for (KeyValuePair attribute : record.attributes()) {
                json.writeFieldName(attribute.key);
                writeValue(json, attribute.value);
            }
            if (record.error() != null) {
                json.writeStringField("error", record.error().toString());
                StringWriter trace = new StringWriter();
                record.error().printStackTrace(new PrintWriter(trace));
                json.writeStringField("stack", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return line.append('\n').toString();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Double d && Double.isFinite(d)) {
            json.writeNumber(GoFloat.json(d));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}
