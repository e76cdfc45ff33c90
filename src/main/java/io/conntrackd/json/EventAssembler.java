package io.conntrackd.json;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Family;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.conntrack.Tuple;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.FieldVisitor;
import io.conntrackd.sink.GoFloat;

/**
 * Collects the fields of one event, as a JSON line or a map holds them, and builds the event: the
 * inverse of {@link io.conntrackd.sink.EventFields#visit}. Each value is checked against its field's
 * type when it arrives; {@link #build} checks what must be there. {@code level} and {@code msg} are
 * derived from the other fields and not read; {@code family} follows from the addresses; a missing
 * reply tuple means the flow was not translated.
 */
final class EventAssembler implements FieldVisitor {

    static final String TIME = "time";

    private static final Map<String, EventField> BY_KEY = new HashMap<>();

    static {
        for (EventField f : EventField.values()) {
            BY_KEY.put(f.key(), f);
        }
    }

    private enum Kind { TEXT, INTEGER, DECIMAL }

    private final Object[] values = new Object[EventField.values().length];
    private String time;

    /** The field named {@code key}, or {@code null} for {@code time}, {@code level}, {@code msg} and unknown keys. */
    static EventField field(String key) {
        return BY_KEY.get(key);
    }

    void time(String rfc3339) {
        time = rfc3339;
    }

    @Override
    public void text(EventField field, String value) {
        if (kindOf(field) != Kind.TEXT) {
            throw wrongType(field, "the string \"" + value + "\"");
        }
        values[field.ordinal()] = value;
    }

    @Override
    public void integer(EventField field, long value) {
        Kind kind = kindOf(field);
        if (kind == Kind.TEXT) {
            throw wrongType(field, "the number " + value);
        }
        if (kind == Kind.DECIMAL) {
            values[field.ordinal()] = (double) value; // JSON has no 51.0: Go writes 51
        } else {
            values[field.ordinal()] = value;
        }
    }

    @Override
    public void decimal(EventField field, double value) {
        if (kindOf(field) != Kind.DECIMAL) {
            throw wrongType(field, "the number " + GoFloat.json(value));
        }
        values[field.ordinal()] = value;
    }

    /** Rejects a value that is neither a string nor a number, e.g. {@code true} or an object. */
    MalformedEventException wrongType(EventField field, String found) {
        String expected = switch (kindOf(field)) {
            case TEXT -> "a string";
            case INTEGER -> "an integer";
            case DECIMAL -> "a number";
        };
        return MalformedEventException.field(field.key(), "expected " + expected + ", found " + found);
    }

    private static Kind kindOf(EventField field) {
        return switch (field) {
            case TYPE, PROT, SRC_ADDR, DST_ADDR, TCP_STATE, SRC_CITY, SRC_COUNTRY, DST_CITY, DST_COUNTRY,
                 SRC_COUNTRY_CODE, SRC_AS_ORG, DST_COUNTRY_CODE, DST_AS_ORG, REPLY_SRC_ADDR, REPLY_DST_ADDR,
                 NETNS, FLOW_START, FLOW_STOP -> Kind.TEXT;
            case FLOW, SRC_PORT, DST_PORT, SRC_ASN, DST_ASN, REPLY_SRC_PORT, REPLY_DST_PORT, MARK, ZONE, NETNS_ID,
                 ORIG_PACKETS, ORIG_BYTES, REPLY_PACKETS, REPLY_BYTES -> Kind.INTEGER;
            case SRC_LAT, SRC_LON, DST_LAT, DST_LON -> Kind.DECIMAL;
        };
    }

    ConntrackEvent build() {
        Tuple original = tuple(EventField.SRC_ADDR, EventField.DST_ADDR, EventField.SRC_PORT, EventField.DST_PORT);
        return ConntrackEvent.builder()
                .type(constant(EventField.TYPE, EventType.class))
                .flowId(integer(EventField.FLOW))
                .family(original.source().isIpv4() ? Family.IPV4 : Family.IPV6)
                .protocol(constant(EventField.PROT, Protocol.class))
                .original(original)
                .reply(has(EventField.REPLY_SRC_ADDR, EventField.REPLY_DST_ADDR, EventField.REPLY_SRC_PORT,
                        EventField.REPLY_DST_PORT)
                        ? tuple(EventField.REPLY_SRC_ADDR, EventField.REPLY_DST_ADDR, EventField.REPLY_SRC_PORT,
                                EventField.REPLY_DST_PORT)
                        : original.inverse())
                .tcpState(has(EventField.TCP_STATE) ? constant(EventField.TCP_STATE, TcpState.class) : null)
                .mark(has(EventField.MARK) ? integer(EventField.MARK) : -1)
                .zone(has(EventField.ZONE) ? integer(EventField.ZONE) : -1)
                .namespace(has(EventField.NETNS_ID, EventField.NETNS) ? namespace() : null)
                .originalCounters(counters(EventField.ORIG_PACKETS, EventField.ORIG_BYTES))
                .replyCounters(counters(EventField.REPLY_PACKETS, EventField.REPLY_BYTES))
                .startNanos(has(EventField.FLOW_START) ? nanos(EventField.FLOW_START.key(), text(EventField.FLOW_START)) : -1)
                .stopNanos(has(EventField.FLOW_STOP) ? nanos(EventField.FLOW_STOP.key(), text(EventField.FLOW_STOP)) : -1)
                .receivedNanos(nanos(TIME, require(TIME, time)))
                .build()
                .withLocations(
                        location(EventField.SRC_CITY, EventField.SRC_COUNTRY, EventField.SRC_COUNTRY_CODE,
                                EventField.SRC_LAT, EventField.SRC_LON, EventField.SRC_ASN, EventField.SRC_AS_ORG),
                        location(EventField.DST_CITY, EventField.DST_COUNTRY, EventField.DST_COUNTRY_CODE,
                                EventField.DST_LAT, EventField.DST_LON, EventField.DST_ASN, EventField.DST_AS_ORG));
    }

    private boolean has(EventField... fields) {
        return Arrays.stream(fields).anyMatch(f -> values[f.ordinal()] != null);
    }

    private static <T> T require(String key, T value) {
        if (value == null) {
            throw MalformedEventException.field(key, "missing");
        }
        return value;
    }

    private String text(EventField field) {
        return (String) require(field.key(), values[field.ordinal()]);
    }

    private long integer(EventField field) {
        return (Long) require(field.key(), values[field.ordinal()]);
    }

    private <E extends Enum<E>> E constant(EventField field, Class<E> type) {
        String text = text(field);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw MalformedEventException.field(field.key(), "expected one of "
                    + Arrays.toString(type.getEnumConstants()) + ", found \"" + text + "\"");
        }
    }

    private Tuple tuple(EventField source, EventField destination, EventField sourcePort, EventField destinationPort) {
        IpAddress src = address(source);
        IpAddress dst = address(destination);
        if (src.isIpv4() != dst.isIpv4()) {
            throw MalformedEventException.field(destination.key(), "\"" + dst + "\" is not of the family of "
                    + source.key() + " \"" + src + "\"");
        }
        return new Tuple(src, dst, port(sourcePort), port(destinationPort));
    }

    private IpAddress address(EventField field) {
        String text = text(field);
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw MalformedEventException.field(field.key(), e.getMessage());
        }
    }

    private int port(EventField field) {
        long port = integer(field);
        if (port < 0 || port > 65535) {
            throw MalformedEventException.field(field.key(), port + " is not a port number (0 to 65535)");
        }
        return (int) port;
    }

    /** netns_id (needed with netns) and netns. */
    private PeerNamespace namespace() {
        long id = integer(EventField.NETNS_ID);
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw MalformedEventException.field(EventField.NETNS_ID.key(), id + " is not a namespace id (0 to "
                    + Integer.MAX_VALUE + ")");
        }
        return new PeerNamespace((int) id, (String) values[EventField.NETNS.ordinal()]);
    }

    private Counters counters(EventField packets, EventField bytes) {
        return has(packets, bytes) ? new Counters(integer(packets), integer(bytes)) : null;
    }

    private Location location(EventField city, EventField country, EventField countryCode, EventField latitude,
                              EventField longitude, EventField asn, EventField asOrganization) {
        if (!has(city, country, countryCode, latitude, longitude, asn, asOrganization)) {
            return null;
        }
        return new Location((String) values[city.ordinal()], (String) values[country.ordinal()],
                (String) values[countryCode.ordinal()], decimalOrNaN(latitude), decimalOrNaN(longitude),
                has(asn) ? integer(asn) : 0, (String) values[asOrganization.ordinal()]);
    }

    private double decimalOrNaN(EventField field) {
        Object value = values[field.ordinal()];
        return value == null ? Double.NaN : (Double) value;
    }

    /** Nanoseconds since the epoch of an RFC 3339 timestamp, as the line's {@code time} and flow times hold it. */
    private static long nanos(String key, String rfc3339) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(rfc3339);
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw MalformedEventException.field(key, "not an RFC 3339 timestamp: \"" + rfc3339 + "\"");
        }
    }
}
