package io.conntrackd.conntrack;

import java.util.Objects;

/**
 * One conntrack event, immutable. Optional kernel attributes that were absent are {@code null}
 * (objects) or {@code -1} (numbers); see the accessors.
 *
 * @param type             NEW, UPDATE or DESTROY
 * @param flowId           the kernel's id of the flow (CTA_ID), unsigned 32 bit
 * @param family           IPv4 or IPv6
 * @param protocol         TCP or UDP
 * @param original         the original direction (CTA_TUPLE_ORIG)
 * @param reply            the reply direction (CTA_TUPLE_REPLY); differs from the inverse of
 *                         {@code original} when NAT rewrote the flow; {@code null} if absent
 * @param tcpState         TCP state (CTA_PROTOINFO_TCP_STATE); {@code null} for UDP or if absent
 * @param status           IPS_* status bits (CTA_STATUS), or -1 if absent
 * @param mark             connection mark (CTA_MARK), or -1 if absent
 * @param zone             conntrack zone (CTA_ZONE), or -1 if absent
 * @param timeout          seconds until the entry expires (CTA_TIMEOUT), or -1 if absent
 * @param originalCounters packets and bytes of the original direction, or {@code null}
 * @param replyCounters    packets and bytes of the reply direction, or {@code null}
 * @param startNanos       flow start, nanoseconds since the epoch (CTA_TIMESTAMP_START), or -1
 * @param stopNanos        flow stop, nanoseconds since the epoch (CTA_TIMESTAMP_STOP), or -1
 * @param receivedNanos    when conntrackd received the event, nanoseconds since the epoch
 * @param namespace        the network namespace the event came from when it is not the listener's own
 *                         (heard with NETLINK_LISTEN_ALL_NSID), or {@code null}
 * @param sourceLocation   GeoIP data of the original source, {@code null} until enriched
 * @param destinationLocation GeoIP data of the original destination, {@code null} until enriched
 */
public record ConntrackEvent(
        EventType type,
        long flowId,
        Family family,
        Protocol protocol,
        Tuple original,
        Tuple reply,
        TcpState tcpState,
        long status,
        long mark,
        long zone,
        long timeout,
        Counters originalCounters,
        Counters replyCounters,
        long startNanos,
        long stopNanos,
        long receivedNanos,
        PeerNamespace namespace,
        Location sourceLocation,
        Location destinationLocation) {

    /** The value of a numeric attribute the kernel did not send. */
    public static final long ABSENT = -1;

    public ConntrackEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(original, "original");
    }

    /** Whether the reply tuple shows address or port translation (NAT). */
    public boolean isTranslated() {
        return reply != null && !reply.equals(original.inverse());
    }

    /** This event with GeoIP locations of source and destination ({@code null} where unknown). */
    public ConntrackEvent withLocations(Location source, Location destination) {
        return new ConntrackEvent(type, flowId, family, protocol, original, reply, tcpState, status, mark, zone,
                timeout, originalCounters, replyCounters, startNanos, stopNanos, receivedNanos, namespace, source,
                destination);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the attributes of an event while a message is decoded; {@link #clear()} makes it ready for
     * the next, so that a decoder allocates no builder per event.
     */
    public static final class Builder {
        private EventType type;
        private long flowId;
        private Family family;
        private Protocol protocol;
        private Tuple original;
        private Tuple reply;
        private TcpState tcpState;
        private long status;
        private long mark;
        private long zone;
        private long timeout;
        private Counters originalCounters;
        private Counters replyCounters;
        private long startNanos;
        private long stopNanos;
        private long receivedNanos;
        private PeerNamespace namespace;

        private Builder() {
            clear();
        }

        /** Forgets every attribute: numbers are {@link #ABSENT} (the flow id 0), objects {@code null}. */
        public Builder clear() {
            type = null;
            family = null;
            protocol = null;
            original = reply = null;
            tcpState = null;
            originalCounters = replyCounters = null;
            flowId = 0;
            status = mark = zone = timeout = ABSENT;
            startNanos = stopNanos = ABSENT;
            receivedNanos = 0;
            namespace = null;
            return this;
        }

        public Builder type(EventType v) { type = v; return this; }
        public Builder flowId(long v) { flowId = v; return this; }
        public Builder family(Family v) { family = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder original(Tuple v) { original = v; return this; }
        public Builder reply(Tuple v) { reply = v; return this; }
        public Builder tcpState(TcpState v) { tcpState = v; return this; }
        public Builder status(long v) { status = v; return this; }
        public Builder mark(long v) { mark = v; return this; }
        public Builder zone(long v) { zone = v; return this; }
        public Builder timeout(long v) { timeout = v; return this; }
        public Builder originalCounters(Counters v) { originalCounters = v; return this; }
        public Builder replyCounters(Counters v) { replyCounters = v; return this; }
        public Builder startNanos(long v) { startNanos = v; return this; }
        public Builder stopNanos(long v) { stopNanos = v; return this; }
        public Builder receivedNanos(long v) { receivedNanos = v; return this; }
        public Builder namespace(PeerNamespace v) { namespace = v; return this; }

        public ConntrackEvent build() {
            return new ConntrackEvent(type, flowId, family, protocol, original, reply, tcpState, status, mark, zone,
                    timeout, originalCounters, replyCounters, startNanos, stopNanos, receivedNanos, namespace, null,
                    null);
        }
    }
}
