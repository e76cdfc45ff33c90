package io.conntrackd.netlink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Walks the netlink messages (struct nlmsghdr) of one datagram without allocating: a reusable
 * flyweight whose accessors describe the current message. The header is in host byte order.
 *
 * <pre>
 * for (cursor.reset(buf, 0, n); cursor.next(); ) { ... cursor.type() ... cursor.payloadOffset() ... }
 * </pre>
 */
public final class MessageCursor {

    static final VarHandle HOST_U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    static final VarHandle HOST_U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    private byte[] buffer;
    private int position;
    private int end;
    private int offset;
    private int length;

    /** Starts over on {@code length} bytes of {@code buffer} from {@code offset}. */
    public MessageCursor reset(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " of " + buffer.length);
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.offset = offset;
        this.length = 0;
        return this;
    }

    /**
     * Moves to the next message.
     *
     * @return false when the datagram is used up
     * @throws MalformedMessageException when a header is cut off or its length does not fit; the
     *         rest of the datagram cannot be framed then and must be dropped
     */
    public boolean next() throws MalformedMessageException {
        int remaining = end - position;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < Netlink.NLMSG_HDRLEN) {
            position = end;
            throw new MalformedMessageException("netlink header cut off: " + remaining + " bytes left");
        }
        int len = (int) HOST_U32.get(buffer, position);
        if (len < Netlink.NLMSG_HDRLEN || len > remaining) { // also catches lengths >= 2^31 (negative)
            position = end;
            throw new MalformedMessageException("nlmsg_len " + Integer.toUnsignedString(len) + " does not fit in "
                    + remaining + " bytes");
        }
        offset = position;
        length = len;
        // NLMSG_ALIGN; the last message of a datagram may lack its padding
        position = Math.min(end, position + Netlink.align(len));
        return true;
    }

    public byte[] buffer() {
        return buffer;
    }

    /** Offset of the current message's nlmsghdr in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** nlmsg_len: header and payload. */
    public int length() {
        return length;
    }

    /** nlmsg_type. */
    public int type() {
        return (short) HOST_U16.get(buffer, offset + 4) & 0xffff;
    }

    /** nlmsg_flags. */
    public int flags() {
        return (short) HOST_U16.get(buffer, offset + 6) & 0xffff;
    }

    /** nlmsg_seq. */
    public int sequence() {
        return (int) HOST_U32.get(buffer, offset + 8);
    }

    public int payloadOffset() {
        return offset + Netlink.NLMSG_HDRLEN;
    }

    public int payloadLength() {
        return length - Netlink.NLMSG_HDRLEN;
    }

    /**
     * For an NLMSG_ERROR message: the error code, a negative errno (0 for an acknowledgement).
     *
     * @throws MalformedMessageException if the payload is too short to hold it
     */
    public int errorCode() throws MalformedMessageException {
        if (payloadLength() < 4) {
            throw new MalformedMessageException("NLMSG_ERROR without error code");
        }
        return (int) HOST_U32.get(buffer, payloadOffset());
    }

    /** Reads a host-endian u16 at an absolute offset. */
    public static int hostU16(byte[] buffer, int offset) {
        return (short) HOST_U16.get(buffer, offset) & 0xffff;
    }

    /** Reads a host-endian 32-bit value at an absolute offset. */
    public static int hostU32(byte[] buffer, int offset) {
        return (int) HOST_U32.get(buffer, offset);
    }
}
