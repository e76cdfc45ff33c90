package io.conntrackd.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.EventFields;
import io.conntrackd.sink.Rfc3339;

/**
 * An event as a map of the stream line's fields, in its order, and back: text as {@code String},
 * integers as {@code Long}, coordinates as {@code Double}. For EIPs and components that work on maps.
 */
public final class EventMaps {

    private EventMaps() {
    }

    /** {@code time}, {@code level}, {@code msg}, then every field the event has. */
    public static Map<String, Object> toMap(ConntrackEvent event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(EventAssembler.TIME, Rfc3339.format(event.receivedNanos()));
        map.put("level", "INFO");
        map.put("msg", EventFields.message(event));
        EventFields.forEachValue(event, map::put);
        return map;
    }

    /**
     * The event that {@code map} describes, keyed as {@link #toMap} writes it; integers may be any
     * integral {@code Number}, coordinates any {@code Number}. Other keys are ignored.
     */
    public static ConntrackEvent fromMap(Map<?, ?> map) {
        EventAssembler event = new EventAssembler();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            EventField field = EventAssembler.field(key);
            if (value == null) {
                continue;
            }
            if (field != null) {
                put(event, field, value);
            } else if (key.equals(EventAssembler.TIME)) {
                if (!(value instanceof String time)) {
                    throw MalformedEventException.field(key, "expected an RFC 3339 timestamp string, found "
                            + value.getClass().getSimpleName() + " " + value);
                }
                event.time(time);
            }
        }
        return event.build();
    }

    private static void put(EventAssembler event, EventField field, Object value) {
        if (value instanceof String text) {
            event.text(field, text);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger b && b.bitLength() < 64) {
            event.integer(field, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            event.decimal(field, ((Number) value).doubleValue());
        } else {
            throw event.wrongType(field, value.getClass().getSimpleName() + " " + value);
        }
    }
}
