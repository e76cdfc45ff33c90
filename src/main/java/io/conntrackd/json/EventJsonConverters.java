package io.conntrackd.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.Converter;

/**
 * Camel type converters between events and JSON, loaded through the generated
 * {@code EventJsonConvertersLoader}: {@code convertBodyTo: String} on an event gives its stream line,
 * and components that need text or bytes ({@code file:}, {@code kafka:}, {@code http:}) get it
 * without a step. A batch ({@code List} of events) becomes one line per event, separated by
 * newlines. The reverse conversions read a JSON line or a map back into an event.
 */
@Converter(generateLoader = true)
public final class EventJsonConverters {

    private EventJsonConverters() {
    }

    @Converter
    public static String toString(ConntrackEvent event) {
        return new String(EventJsonWriter.toBytes(event), StandardCharsets.UTF_8);
    }

    @Converter
    public static byte[] toByteArray(ConntrackEvent event) {
        return EventJsonWriter.toBytes(event);
    }

    @Converter
    public static InputStream toInputStream(ConntrackEvent event) {
        return new ByteArrayInputStream(EventJsonWriter.toBytes(event));
    }

    @Converter
    public static Map<String, Object> toMap(ConntrackEvent event) {
        return EventMaps.toMap(event);
    }

    @Converter
    public static ConntrackEvent fromString(String json) {
        return EventJsonReader.read(json);
    }

    @Converter
    public static ConntrackEvent fromByteArray(byte[] json) {
        return EventJsonReader.read(json);
    }

    @Converter
    public static ConntrackEvent fromInputStream(InputStream json) throws IOException {
        return EventJsonReader.read(json);
    }

    @Converter
    public static ConntrackEvent fromMap(Map<?, ?> map) {
        return EventMaps.fromMap(map);
    }

    /*
     * Batches. These take every List, not only lists of events, because Camel remembers per list class
     * which converter it used (a fallback that converted a list of strings, or a miss) and would not
     * ask ours again. For other lists they answer what Camel answers without them: toString(), the
     * bytes of a list of Byte, and no InputStream (null).
     */

    /** A batch as one line per event; any other list as its {@code toString()}. */
    @Converter
    public static String toString(List<?> list) {
        List<ConntrackEvent> events = events(list);
        return events == null ? list.toString() : new String(EventJsonWriter.toBytes(events), StandardCharsets.UTF_8);
    }

    /** A batch as one line per event; a list of {@code Byte} as its bytes; else {@code null}. */
    @Converter(allowNull = true)
    public static byte[] toByteArray(List<?> list) {
        List<ConntrackEvent> events = events(list);
        if (events != null) {
            return EventJsonWriter.toBytes(events);
        }
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            if (!(list.get(i) instanceof Byte b)) {
                return null;
            }
            bytes[i] = b;
        }
        return bytes;
    }

    /** A batch as one line per event; else {@code null}. */
    @Converter(allowNull = true)
    public static InputStream toInputStream(List<?> list) {
        List<ConntrackEvent> events = events(list);
        return events == null ? null : new ByteArrayInputStream(EventJsonWriter.toBytes(events));
    }

    @SuppressWarnings("unchecked")
    private static List<ConntrackEvent> events(List<?> list) {
        if (list.isEmpty()) {
            return null;
        }
        for (Object item : list) {
            if (!(item instanceof ConntrackEvent)) {
                return null;
            }
        }
        return (List<ConntrackEvent>) list;
    }
}
