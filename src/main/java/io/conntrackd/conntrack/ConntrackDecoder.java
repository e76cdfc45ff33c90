package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.Ctnetlink.*;

import io.conntrackd.netlink.AttributeCursor;
import io.conntrackd.netlink.MalformedMessageException;
import io.conntrackd.netlink.MessageCursor;
import io.conntrackd.netlink.Netlink;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decodes one nfnetlink conntrack message (nlmsghdr, nfgenmsg, attributes) into a
 * {@link ConntrackEvent}.
 *
 * <p>Cheap by design: the attribute cursors and the tuple scratch space are reused, addresses are
 * remembered as offsets until the message is known to be wanted, and a message of an unwanted
 * type or protocol is dropped before anything is allocated. Recurring addresses are taken from a
 * small cache ({@link AddressCache}), so the event and its tuples are usually the only
 * allocations (the attributes are collected in one reused {@link ConntrackEvent.Builder}). Not
 * thread-safe: one decoder per reading thread.
 */
public final class ConntrackDecoder {

    private final boolean[] wantedTypes = new boolean[EventType.values().length];
    private final boolean[] wantedProtocols = new boolean[Protocol.values().length];

    private final AttributeCursor top = new AttributeCursor();
    private final AttributeCursor level1 = new AttributeCursor();
    private final AttributeCursor level2 = new AttributeCursor();
    private final TupleScratch original = new TupleScratch();
    private final TupleScratch reply = new TupleScratch();
    private final AddressCache addresses = new AddressCache();
    private final ConntrackEvent.Builder event = ConntrackEvent.builder();

    /** A decoder that passes every event of TCP and UDP. */
    public ConntrackDecoder() {
        this(EnumSet.allOf(EventType.class), EnumSet.allOf(Protocol.class));
    }

    /** A decoder that passes only events of these types and protocols; others are ignored. */
    public ConntrackDecoder(Set<EventType> types, Set<Protocol> protocols) {
        for (EventType t : types) {
            wantedTypes[t.ordinal()] = true;
        }
        for (Protocol p : protocols) {
            wantedProtocols[p.ordinal()] = true;
        }
    }

    /**
     * Decodes the current message of {@code message}, which came from {@code namespace} ({@code null}: the
     * listener's own); see {@link #decode(byte[], int, int, long)}.
     */
    public ConntrackEvent decode(MessageCursor message, long receivedNanos, PeerNamespace namespace)
            throws MalformedMessageException {
        return decode(message.buffer(), message.offset(), message.length(), receivedNanos, namespace);
    }

    /**
     * Decodes the message whose nlmsghdr starts at {@code offset}.
     *
     * @param length        bytes available from {@code offset}; nlmsg_len must fit in them
     * @param receivedNanos when the message was received, nanoseconds since the epoch
     * @return the event, or {@code null} when the message is not a conntrack event or is of a type,
     *         address family or protocol that is not wanted (only TCP and UDP ever are)
     * @throws MalformedMessageException when lengths overrun, an attribute has the wrong size, or
     *         the original tuple, its addresses, protocol or ports are missing
     */
    public ConntrackEvent decode(byte[] buffer, int offset, int length, long receivedNanos)
            throws MalformedMessageException {
        return decode(buffer, offset, length, receivedNanos, null);
    }

    private ConntrackEvent decode(byte[] buffer, int offset, int length, long receivedNanos, PeerNamespace namespace)
            throws MalformedMessageException {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " of " + buffer.length);
        }
        if (length < Netlink.NLMSG_HDRLEN) {
            throw new MalformedMessageException("message of " + length + " bytes is shorter than a netlink header");
        }
        int messageLength = MessageCursor.hostU32(buffer, offset);
        if (messageLength < Netlink.NLMSG_HDRLEN || messageLength > length) {
            throw new MalformedMessageException("nlmsg_len " + Integer.toUnsignedString(messageLength)
                    + " does not fit in " + length + " bytes");
        }
        EventType type = eventType(MessageCursor.hostU16(buffer, offset + 4), MessageCursor.hostU16(buffer, offset + 6));
        if (type == null || !wantedTypes[type.ordinal()]) {
            return null;
        }
        if (messageLength < Netlink.NLMSG_HDRLEN + SIZEOF_NFGENMSG) {
            throw new MalformedMessageException("conntrack message of " + messageLength + " bytes has no nfgenmsg");
        }
        Family family = Family.ofNumber(buffer[offset + Netlink.NLMSG_HDRLEN] & 0xff); // nfgen_family
        if (family == null) {
            return null; // conntrack tracks IPv4 and IPv6 only; anything else is not for us
        }
        int attributes = offset + Netlink.NLMSG_HDRLEN + SIZEOF_NFGENMSG;
        event.clear().type(type).family(family).receivedNanos(receivedNanos).namespace(namespace);
        return decodeAttributes(buffer, attributes, offset + messageLength - attributes, family);
    }

    /** NEW and UPDATE share IPCTNL_MSG_CT_NEW; the kernel flags a new entry NLM_F_CREATE|NLM_F_EXCL. */
    private static EventType eventType(int nlmsgType, int flags) {
        if (nlmsgType >> 8 != NFNL_SUBSYS_CTNETLINK) {
            return null;
        }
        switch (nlmsgType & 0xff) {
            case IPCTNL_MSG_CT_NEW:
                return (flags & (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)) != 0 ? EventType.NEW : EventType.UPDATE;
            case IPCTNL_MSG_CT_DELETE:
                return EventType.DESTROY;
            default:
                return null;
        }
    }

    /** Decodes the attributes into {@link #event}, whose type, family, time and namespace are set. */
    private ConntrackEvent decodeAttributes(byte[] buffer, int offset, int length, Family family)
            throws MalformedMessageException {
        original.clear();
        reply.clear();
        TcpState tcpState = null;
        long zone = ConntrackEvent.ABSENT;

        for (top.reset(buffer, offset, length); top.next(); ) {
            switch (top.type()) {
                case CTA_TUPLE_ORIG:
                    parseTuple(original);
                    // the kernel sends the original tuple first: reject unwanted protocols early
                    if (original.protocol >= 0 && !wanted(original.protocol)) {
                        return null;
                    }
                    break;
                case CTA_TUPLE_REPLY:
                    parseTuple(reply);
                    break;
                case CTA_STATUS:
                    event.status(top.u32());
                    break;
                case CTA_PROTOINFO:
                    tcpState = parseProtoinfo(tcpState);
                    break;
                case CTA_TIMEOUT:
                    event.timeout(top.u32());
                    break;
                case CTA_MARK:
                    event.mark(top.u32());
                    break;
                case CTA_COUNTERS_ORIG:
                    event.originalCounters(parseCounters());
                    break;
                case CTA_COUNTERS_REPLY:
                    event.replyCounters(parseCounters());
                    break;
                case CTA_ID:
                    event.flowId(top.u32());
                    break;
                case CTA_ZONE:
                    zone = top.u16();
                    break;
                case CTA_TIMESTAMP:
                    parseTimestamps();
                    break;
                default:
                    break; // attributes we do not log (helpers, NAT sequence adjustments, labels, ...)
            }
        }
        if (!original.present) {
            throw new MalformedMessageException("no CTA_TUPLE_ORIG");
        }
        if (original.protocol < 0) {
            throw new MalformedMessageException("CTA_TUPLE_ORIG without CTA_PROTO_NUM");
        }
        if (!wanted(original.protocol)) {
            return null;
        }
        Protocol protocol = Protocol.ofNumber(original.protocol);
        original.validate(family, "CTA_TUPLE_ORIG");
        Tuple originalTuple = original.toTuple(buffer, null, addresses);
        Tuple replyTuple = null;
        if (reply.present) {
            reply.validate(family, "CTA_TUPLE_REPLY");
            replyTuple = reply.toTuple(buffer, originalTuple, addresses);
        }
        if (zone == ConntrackEvent.ABSENT && original.zone >= 0) {
            zone = original.zone; // a zone that applies to the original direction only
        }
        return event.protocol(protocol).original(originalTuple).reply(replyTuple)
                .tcpState(protocol == Protocol.TCP ? tcpState : null).zone(zone).build();
    }

    private boolean wanted(int protocolNumber) {
        Protocol protocol = Protocol.ofNumber(protocolNumber);
        return protocol != null && wantedProtocols[protocol.ordinal()];
    }

    /** CTA_TIMESTAMP { CTA_TIMESTAMP_START be64, CTA_TIMESTAMP_STOP be64 }. */
    private void parseTimestamps() throws MalformedMessageException {
        for (level1.enter(top); level1.next(); ) {
            if (level1.type() == CTA_TIMESTAMP_START) {
                event.startNanos(level1.u64());
            } else if (level1.type() == CTA_TIMESTAMP_STOP) {
                event.stopNanos(level1.u64());
            }
        }
    }

    /** CTA_TUPLE_* { CTA_TUPLE_IP { addresses }, CTA_TUPLE_PROTO { number, ports }, CTA_TUPLE_ZONE }. */
    private void parseTuple(TupleScratch tuple) throws MalformedMessageException {
        tuple.clear();
        tuple.present = true;
        for (level1.enter(top); level1.next(); ) {
            switch (level1.type()) {
                case CTA_TUPLE_IP:
                    for (level2.enter(level1); level2.next(); ) {
                        int t = level2.type();
                        if (t >= CTA_IP_V4_SRC && t <= CTA_IP_V6_DST) {
                            int size = t <= CTA_IP_V4_DST ? 4 : 16;
                            level2.requireLength(size);
                            if ((t & 1) == 1) { // CTA_IP_V4_SRC, CTA_IP_V6_SRC
                                tuple.sourceOffset = level2.payloadOffset();
                                tuple.sourceLength = size;
                            } else {
                                tuple.destinationOffset = level2.payloadOffset();
                                tuple.destinationLength = size;
                            }
                        }
                    }
                    break;
                case CTA_TUPLE_PROTO:
                    for (level2.enter(level1); level2.next(); ) {
                        switch (level2.type()) {
                            case CTA_PROTO_NUM:
                                tuple.protocol = level2.u8();
                                break;
                            case CTA_PROTO_SRC_PORT:
                                tuple.sourcePort = level2.u16();
                                break;
                            case CTA_PROTO_DST_PORT:
                                tuple.destinationPort = level2.u16();
                                break;
                            default:
                                break; // ICMP id/type/code
                        }
                    }
                    break;
                case CTA_TUPLE_ZONE:
                    tuple.zone = level1.u16();
                    break;
                default:
                    break;
            }
        }
    }

    /** CTA_PROTOINFO { CTA_PROTOINFO_TCP { CTA_PROTOINFO_TCP_STATE u8, window scales, flags } }. */
    private TcpState parseProtoinfo(TcpState current) throws MalformedMessageException {
        TcpState state = current;
        for (level1.enter(top); level1.next(); ) {
            if (level1.type() == CTA_PROTOINFO_TCP) {
                for (level2.enter(level1); level2.next(); ) {
                    if (level2.type() == CTA_PROTOINFO_TCP_STATE) {
                        state = TcpState.ofValue(level2.u8()); // null for kernel-internal values
                    }
                }
            }
        }
        return state;
    }

    /** CTA_COUNTERS_* { CTA_COUNTERS_PACKETS be64, CTA_COUNTERS_BYTES be64 } (or the 32-bit pair). */
    private Counters parseCounters() throws MalformedMessageException {
        long packets = ConntrackEvent.ABSENT;
        long bytes = ConntrackEvent.ABSENT;
        for (level1.enter(top); level1.next(); ) {
            switch (level1.type()) {
                case CTA_COUNTERS_PACKETS:
                    packets = level1.u64();
                    break;
                case CTA_COUNTERS_BYTES:
                    bytes = level1.u64();
                    break;
                case CTA_COUNTERS32_PACKETS:
                    packets = level1.u32();
                    break;
                case CTA_COUNTERS32_BYTES:
                    bytes = level1.u32();
                    break;
                default:
                    break;
            }
        }
        if (packets < 0 && bytes < 0) {
            return null;
        }
        return new Counters(Math.max(packets, 0), Math.max(bytes, 0));
    }

    /** Where one tuple's fields are in the buffer; reused, so decoding allocates nothing until it builds. */
    private static final class TupleScratch {
        boolean present;
        int sourceOffset, sourceLength, destinationOffset, destinationLength;
        int protocol, sourcePort, destinationPort, zone;

        void clear() {
            present = false;
            sourceLength = destinationLength = 0;
            protocol = sourcePort = destinationPort = zone = -1;
        }

        void validate(Family family, String name) throws MalformedMessageException {
            int expected = family == Family.IPV4 ? 4 : 16;
            if (sourceLength == 0 || destinationLength == 0) {
                throw new MalformedMessageException(name + " without source or destination address");
            }
            if (sourceLength != expected || destinationLength != expected) {
                throw new MalformedMessageException(name + " has addresses of the wrong family for " + family);
            }
            if (protocol < 0) {
                throw new MalformedMessageException(name + " without CTA_PROTO_NUM");
            }
            if (sourcePort < 0 || destinationPort < 0) {
                throw new MalformedMessageException(name + " without ports");
            }
        }

        /** Builds the tuple, reusing the address objects of {@code other} where the bytes are equal. */
        Tuple toTuple(byte[] buffer, Tuple other, AddressCache addresses) {
            IpAddress source = address(buffer, sourceOffset, sourceLength, other, addresses);
            IpAddress destination = source.hasBytes(buffer, destinationOffset, destinationLength) ? source
                    : address(buffer, destinationOffset, destinationLength, other, addresses);
            return new Tuple(source, destination, sourcePort, destinationPort);
        }

        private static IpAddress address(byte[] buffer, int offset, int length, Tuple other, AddressCache addresses) {
            if (other != null) {
                // without NAT the reply tuple holds the original's addresses swapped: share them
                if (other.destination().hasBytes(buffer, offset, length)) {
                    return other.destination();
                }
                if (other.source().hasBytes(buffer, offset, length)) {
                    return other.source();
                }
            }
            return addresses.get(buffer, offset, length);
        }
    }
}
