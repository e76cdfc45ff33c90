package io.conntrackd.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.JsonFieldWriter;

/**
 * Events as the stream sink writes them, through the same field writer, so the two never differ:
 * one JSON object per event ({@code time}, {@code level}, {@code msg}, then the fields of
 * docs/fields.md). A batch is one line per event, separated by newlines. Neither ends with a newline:
 * a destination that appends (a file) adds it, e.g. with the file endpoint's {@code appendChars}.
 */
public final class EventJsonWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private EventJsonWriter() {
    }

    /** The JSON object of {@code event}, UTF-8. */
    public static byte[] toBytes(ConntrackEvent event) {
        return toBytes(List.of(event));
    }

    /** One JSON object per event, UTF-8, separated by newlines. */
    public static byte[] toBytes(List<ConntrackEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * events.size());
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setRootValueSeparator(null);
            JsonFieldWriter fields = new JsonFieldWriter(generator);
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    generator.writeRaw('\n');
                }
                fields.writeLogObject(events.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }
}
