package io.conntrackd.buffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.conntrackd.conntrack.AddressCache;
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

/**
 * A conntrack event as a compact binary record, and back: every field, the GeoIP locations and the time it
 * was received included, so that an event sent from the disk buffer after a restart is the event that came.
 * About 60 bytes for an IPv4 event without locations, against ~400 as a JSON line, and several times
 * cheaper to write and read (docs/performance.md).
 *
 * <pre>
 *   byte  format version (1)
 *   byte  presence bits: reply, TCP state, original counters, reply counters, source and destination location,
 *         namespace (a bit records of earlier releases never set, so they read as before)
 *   byte  type, byte family (AF_*), byte protocol (IPPROTO_*), [byte TCP state]
 *   int   flow id
 *   tuple original, [tuple reply]: per address a length byte (4 or 16) and the bytes, then two u16 ports
 *   varlong status, mark, zone, timeout (zigzag, so that -1 "absent" takes one byte)
 *   [varlong packets, bytes] per direction present
 *   varlong start, stop (zigzag); long received (nanoseconds since the epoch)
 *   [namespace] varint id, string name (as below)
 *   [location] per location present: strings city, country, country code, AS organisation (varint length + 1,
 *              0 for none, UTF-8), double latitude, longitude, varlong ASN
 * </pre>
 */
public final class EventRecords {

    static final byte VERSION = 1;
    private static final int REPLY = 1;
    private static final int TCP_STATE = 2;
    private static final int ORIGINAL_COUNTERS = 4;
    private static final int REPLY_COUNTERS = 8;
    private static final int SOURCE_LOCATION = 16;
    private static final int DESTINATION_LOCATION = 32;
    private static final int NAMESPACE = 64;
    private static final EventType[] TYPES = EventType.values();
    private static final TcpState[] TCP_STATES = TcpState.values();

    private EventRecords() {
    }

    /** Writes {@code e} as a record payload; usable as the log's {@link RecordWriter}. */
    public static void write(ConntrackEvent e, ByteBuffer out) {
        int flags = (e.reply() != null ? REPLY : 0) | (e.tcpState() != null ? TCP_STATE : 0)
                | (e.originalCounters() != null ? ORIGINAL_COUNTERS : 0)
                | (e.replyCounters() != null ? REPLY_COUNTERS : 0)
                | (e.sourceLocation() != null ? SOURCE_LOCATION : 0)
                | (e.destinationLocation() != null ? DESTINATION_LOCATION : 0)
                | (e.namespace() != null ? NAMESPACE : 0);
        out.put(VERSION).put((byte) flags).put((byte) e.type().ordinal()).put((byte) e.family().number())
                .put((byte) e.protocol().number());
        if (e.tcpState() != null) {
            out.put((byte) e.tcpState().ordinal());
        }
        out.putInt((int) e.flowId());
        writeTuple(e.original(), out);
        if (e.reply() != null) {
            writeTuple(e.reply(), out);
        }
        writeSigned(e.status(), out);
        writeSigned(e.mark(), out);
        writeSigned(e.zone(), out);
        writeSigned(e.timeout(), out);
        writeCounters(e.originalCounters(), out);
        writeCounters(e.replyCounters(), out);
        writeSigned(e.startNanos(), out);
        writeSigned(e.stopNanos(), out);
        out.putLong(e.receivedNanos());
        if (e.namespace() != null) {
            writeUnsigned(e.namespace().id(), out);
            writeString(e.namespace().name(), out);
        }
        writeLocation(e.sourceLocation(), out);
        writeLocation(e.destinationLocation(), out);
    }

    /**
     * Reads an event written by {@link #write}, its addresses from {@code addresses} and its locations from
     * {@code locations} where they have them (one object, and one text, per recurring address or place).
     *
     * @throws IllegalArgumentException if the payload is not such an event (a format of another version)
     */
    public static ConntrackEvent read(ByteBuffer in, AddressCache addresses, Locations locations) {
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("an event record of format version " + version + ", not " + VERSION);
        }
        int flags = in.get();
        EventType type = TYPES[in.get()];
        Family family = Family.ofNumber(in.get());
        Protocol protocol = Protocol.ofNumber(in.get());
        if (family == null || protocol == null) {
            throw new IllegalArgumentException("an event record with an unknown family or protocol");
        }
        TcpState tcpState = (flags & TCP_STATE) != 0 ? TCP_STATES[in.get()] : null;
        long flowId = in.getInt() & 0xffffffffL;
        Tuple original = readTuple(in, addresses);
        Tuple reply = (flags & REPLY) != 0 ? readTuple(in, addresses) : null;
        long status = readSigned(in);
        long mark = readSigned(in);
        long zone = readSigned(in);
        long timeout = readSigned(in);
        Counters originalCounters = (flags & ORIGINAL_COUNTERS) != 0 ? readCounters(in) : null;
        Counters replyCounters = (flags & REPLY_COUNTERS) != 0 ? readCounters(in) : null;
        long start = readSigned(in);
        long stop = readSigned(in);
        long received = in.getLong();
        PeerNamespace namespace = (flags & NAMESPACE) != 0 ? new PeerNamespace((int) readUnsigned(in), readString(in))
                : null;
        Location source = (flags & SOURCE_LOCATION) != 0 ? locations.read(in) : null;
        Location destination = (flags & DESTINATION_LOCATION) != 0 ? locations.read(in) : null;
        return new ConntrackEvent(type, flowId, family, protocol, original, reply, tcpState, status, mark, zone,
                timeout, originalCounters, replyCounters, start, stop, received, namespace, source, destination);
    }

    private static void writeTuple(Tuple t, ByteBuffer out) {
        writeAddress(t.source(), out);
        writeAddress(t.destination(), out);
        out.putShort((short) t.sourcePort()).putShort((short) t.destinationPort());
    }

    private static Tuple readTuple(ByteBuffer in, AddressCache addresses) {
        IpAddress source = readAddress(in, addresses);
        IpAddress destination = readAddress(in, addresses);
        return new Tuple(source, destination, in.getShort() & 0xffff, in.getShort() & 0xffff);
    }

    private static void writeAddress(IpAddress a, ByteBuffer out) {
        out.put((byte) a.length());
        for (int i = 0; i < a.length(); i++) {
            out.put((byte) a.byteAt(i));
        }
    }

    private static IpAddress readAddress(ByteBuffer in, AddressCache addresses) {
        int length = in.get();
        IpAddress a = addresses.get(in.array(), in.arrayOffset() + in.position(), length);
        in.position(in.position() + length);
        return a;
    }

    private static void writeCounters(Counters c, ByteBuffer out) {
        if (c != null) {
            writeUnsigned(c.packets(), out);
            writeUnsigned(c.bytes(), out);
        }
    }

    private static Counters readCounters(ByteBuffer in) {
        return new Counters(readUnsigned(in), readUnsigned(in));
    }

    private static void writeLocation(Location l, ByteBuffer out) {
        if (l == null) {
            return;
        }
        writeString(l.city(), out);
        writeString(l.country(), out);
        writeString(l.countryCode(), out);
        writeString(l.asOrganization(), out);
        out.putDouble(l.latitude()).putDouble(l.longitude());
        writeUnsigned(l.asn(), out);
    }

    static Location readLocation(ByteBuffer in) {
        String city = readString(in);
        String country = readString(in);
        String countryCode = readString(in);
        String asOrganization = readString(in);
        double latitude = in.getDouble();
        double longitude = in.getDouble();
        return new Location(city, country, countryCode, latitude, longitude, readUnsigned(in), asOrganization);
    }

    private static void writeString(String s, ByteBuffer out) {
        if (s == null) {
            writeUnsigned(0, out);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length + 1L, out);
        out.put(utf8);
    }

    private static String readString(ByteBuffer in) {
        int lengthPlusOne = (int) readUnsigned(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), lengthPlusOne - 1, StandardCharsets.UTF_8);
        in.position(in.position() + lengthPlusOne - 1);
        return s;
    }

    private static void writeSigned(long v, ByteBuffer out) {
        writeUnsigned((v << 1) ^ (v >> 63), out);
    }

    private static long readSigned(ByteBuffer in) {
        long v = readUnsigned(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeUnsigned(long v, ByteBuffer out) {
        while ((v & ~0x7fL) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static long readUnsigned(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes in an event record");
    }
}
