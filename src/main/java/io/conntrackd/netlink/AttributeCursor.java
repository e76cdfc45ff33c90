package io.conntrackd.netlink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Walks netlink attributes (struct nlattr) of one level without allocating. Use one cursor per
 * nesting level and {@link #enter(AttributeCursor)} to descend into a nested attribute:
 *
 * <pre>
 * for (top.reset(buf, off, len); top.next(); ) {
 *     if (top.type() == X) for (inner.enter(top); inner.next(); ) { ... inner.u32() ... }
 * }
 * </pre>
 *
 * <p>The header (nla_len, nla_type) is host-endian; the typed getters read payloads big-endian,
 * as nfnetlink subsystems such as conntrack send them. Every getter checks the payload length
 * exactly, so garbage never reads past an attribute, and nla_len below 4 is rejected so that a
 * zero length can never stall the walk.
 */
public final class AttributeCursor {

    private static final VarHandle BE_U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int position;
    private int end;
    private int rawType;
    private int payloadOffset;
    private int payloadLength;

    /** Starts over on the attributes in {@code length} bytes of {@code buffer} from {@code offset}. */
    public AttributeCursor reset(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " of " + buffer.length);
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.rawType = 0;
        this.payloadOffset = offset;
        this.payloadLength = 0;
        return this;
    }

    /** Starts over on the attributes nested in the current attribute of {@code parent}. */
    public AttributeCursor enter(AttributeCursor parent) {
        return reset(parent.buffer, parent.payloadOffset, parent.payloadLength);
    }

    /**
     * Moves to the next attribute.
     *
     * @return false at the end of this level; fewer than 4 trailing bytes are ignored, as the
     *         kernel's nla_for_each_attr does
     * @throws MalformedMessageException when nla_len is below 4 or overruns the level
     */
    public boolean next() throws MalformedMessageException {
        int remaining = end - position;
        if (remaining < Netlink.NLA_HDRLEN) {
            position = end;
            return false;
        }
        int len = MessageCursor.hostU16(buffer, position);
        if (len < Netlink.NLA_HDRLEN || len > remaining) {
            position = end;
            throw new MalformedMessageException("nla_len " + len + " does not fit in " + remaining + " bytes");
        }
        rawType = MessageCursor.hostU16(buffer, position + 2);
        payloadOffset = position + Netlink.NLA_HDRLEN;
        payloadLength = len - Netlink.NLA_HDRLEN;
        position = Math.min(end, position + Netlink.align(len)); // NLA_ALIGN; last padding may be missing
        return true;
    }

    /** nla_type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER flag bits. */
    public int type() {
        return rawType & Netlink.NLA_TYPE_MASK;
    }

    /** Whether the sender flagged this attribute NLA_F_NESTED (older kernels do not always). */
    public boolean isNestedFlag() {
        return (rawType & Netlink.NLA_F_NESTED) != 0;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public int u8() throws MalformedMessageException {
        requireLength(1);
        return buffer[payloadOffset] & 0xff;
    }

    /** Big-endian u16. */
    public int u16() throws MalformedMessageException {
        requireLength(2);
        return (short) BE_U16.get(buffer, payloadOffset) & 0xffff;
    }

    /** Big-endian u32, unsigned. */
    public long u32() throws MalformedMessageException {
        requireLength(4);
        return (int) BE_U32.get(buffer, payloadOffset) & 0xffffffffL;
    }

    /** Big-endian u64; values of 2^63 and above come out negative. */
    public long u64() throws MalformedMessageException {
        requireLength(8);
        return (long) BE_U64.get(buffer, payloadOffset);
    }

    /** Throws unless the payload is exactly {@code length} bytes. */
    public void requireLength(int length) throws MalformedMessageException {
        if (payloadLength != length) {
            throw new MalformedMessageException("attribute type " + type() + " has " + payloadLength
                    + " bytes of payload, expected " + length);
        }
    }
}
