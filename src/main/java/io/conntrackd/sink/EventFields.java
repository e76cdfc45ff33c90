package io.conntrackd.sink;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Tuple;
import java.util.function.BiConsumer;

/**
 * Walks the fields of an event in output order, leaving out what the event does not have. Every
 * sink renders events through this one walk, so the field names and their presence rules are the
 * same in the JSON stream, syslog, the journal and Loki.
 */
public final class EventFields {

    private EventFields() {
    }

    /**
     * The human-readable {@code msg} text, e.g.
     * {@code NEW TCP connection from 10.0.0.1:41756 to [2a01:4f8::2]:443}.
     */
    public static String message(ConntrackEvent event) {
        return appendMessage(new StringBuilder(96), event).toString();
    }

    /** Appends the {@link #message} text to {@code sb}, for writers that reuse a buffer; returns {@code sb}. */
    public static StringBuilder appendMessage(StringBuilder sb, ConntrackEvent event) {
        Tuple t = event.original();
        sb.append(event.type().name()).append(' ')
                .append(event.protocol().name()).append(" connection from ");
        appendEndpoint(sb, t.source().toString(), t.source().isIpv4(), t.sourcePort());
        sb.append(" to ");
        appendEndpoint(sb, t.destination().toString(), t.destination().isIpv4(), t.destinationPort());
        return sb;
    }

    private static void appendEndpoint(StringBuilder sb, String address, boolean ipv4, int port) {
        if (ipv4) {
            sb.append(address);
        } else {
            sb.append('[').append(address).append(']');
        }
        sb.append(':').append(port);
    }

    /**
     * Calls {@code action} with the key and value of each field the event has, in {@link EventField} order:
     * text as {@code String}, integers as {@code Long}, coordinates as {@code Double}. For maps and
     * key-value logging, not for hot paths (it boxes).
     */
    public static void forEachValue(ConntrackEvent event, BiConsumer<String, Object> action) {
        visit(event, new FieldVisitor() {
            @Override
            public void text(EventField field, String value) {
                action.accept(field.key(), value);
            }

            @Override
            public void integer(EventField field, long value) {
                action.accept(field.key(), value);
            }

            @Override
            public void decimal(EventField field, double value) {
                action.accept(field.key(), value);
            }
        });
    }

    /** Calls {@code visitor} once for each field the event has, in {@link EventField} order. */
    public static void visit(ConntrackEvent event, FieldVisitor visitor) {
        Tuple t = event.original();
        visitor.text(EventField.TYPE, event.type().name());
        visitor.integer(EventField.FLOW, event.flowId());
        visitor.text(EventField.PROT, event.protocol().name());
        visitor.text(EventField.SRC_ADDR, t.source().toString());
        visitor.text(EventField.DST_ADDR, t.destination().toString());
        visitor.integer(EventField.SRC_PORT, t.sourcePort());
        visitor.integer(EventField.DST_PORT, t.destinationPort());
        if (event.tcpState() != null) {
            visitor.text(EventField.TCP_STATE, event.tcpState().name());
        }
        Location src = event.sourceLocation();
        Location dst = event.destinationLocation();
        if (src != null) {
            visitPlace(src, visitor, EventField.SRC_CITY, EventField.SRC_COUNTRY, EventField.SRC_LAT, EventField.SRC_LON);
        }
        if (dst != null) {
            visitPlace(dst, visitor, EventField.DST_CITY, EventField.DST_COUNTRY, EventField.DST_LAT, EventField.DST_LON);
        }
        if (src != null) {
            visitNetwork(src, visitor, EventField.SRC_COUNTRY_CODE, EventField.SRC_ASN, EventField.SRC_AS_ORG);
        }
        if (dst != null) {
            visitNetwork(dst, visitor, EventField.DST_COUNTRY_CODE, EventField.DST_ASN, EventField.DST_AS_ORG);
        }
        visitKernelExtras(event, visitor);
    }

    private static void visitPlace(Location l, FieldVisitor v, EventField city, EventField country,
                                   EventField lat, EventField lon) {
        if (l.city() != null) {
            v.text(city, l.city());
        }
        if (l.country() != null) {
            v.text(country, l.country());
        }
        if (!Double.isNaN(l.latitude())) {
            v.decimal(lat, l.latitude());
        }
        if (!Double.isNaN(l.longitude())) {
            v.decimal(lon, l.longitude());
        }
    }

    private static void visitNetwork(Location l, FieldVisitor v, EventField countryCode, EventField asn,
                                     EventField asOrg) {
        if (l.countryCode() != null) {
            v.text(countryCode, l.countryCode());
        }
        if (l.asn() != 0) {
            v.integer(asn, l.asn());
        }
        if (l.asOrganization() != null) {
            v.text(asOrg, l.asOrganization());
        }
    }

    private static void visitKernelExtras(ConntrackEvent event, FieldVisitor v) {
        if (event.isTranslated()) {
            Tuple r = event.reply();
            v.text(EventField.REPLY_SRC_ADDR, r.source().toString());
            v.text(EventField.REPLY_DST_ADDR, r.destination().toString());
            v.integer(EventField.REPLY_SRC_PORT, r.sourcePort());
            v.integer(EventField.REPLY_DST_PORT, r.destinationPort());
        }
        if (event.mark() > 0) {
            v.integer(EventField.MARK, event.mark());
        }
        if (event.zone() > 0) {
            v.integer(EventField.ZONE, event.zone());
        }
        PeerNamespace namespace = event.namespace();
        if (namespace != null) {
            v.integer(EventField.NETNS_ID, namespace.id());
            if (namespace.name() != null) {
                v.text(EventField.NETNS, namespace.name());
            }
        }
        visitCounters(event.originalCounters(), v, EventField.ORIG_PACKETS, EventField.ORIG_BYTES);
        visitCounters(event.replyCounters(), v, EventField.REPLY_PACKETS, EventField.REPLY_BYTES);
        if (event.startNanos() >= 0) {
            v.text(EventField.FLOW_START, Rfc3339.format(event.startNanos()));
        }
        if (event.stopNanos() >= 0) {
            v.text(EventField.FLOW_STOP, Rfc3339.format(event.stopNanos()));
        }
    }

    private static void visitCounters(Counters c, FieldVisitor v, EventField packets, EventField bytes) {
        if (c != null) {
            v.integer(packets, c.packets());
            v.integer(bytes, c.bytes());
        }
    }
}
