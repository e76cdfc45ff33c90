package io.conntrackd.netlink;

import io.conntrackd.posix.Linux;
import io.conntrackd.posix.Posix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * Preallocated native buffers for receiving up to {@link #slots()} datagrams with one
 * recvmmsg(2) call: an array of struct mmsghdr, one struct iovec per slot, room for one int-sized
 * control message per slot (the namespace id of NETLINK_LISTEN_ALL_NSID) and the slots' data, all
 * in a single direct buffer laid out by hand. Allocated once; receiving allocates nothing. Not
 * thread-safe: one receiving thread owns a batch.
 *
 * <p>The layout is the LP64 one shared by x86_64 and aarch64 (checked at construction):
 *
 * <pre>
 * struct mmsghdr (64 bytes)            struct iovec (16 bytes)
 *   0 void  *msg_name        = NULL      0 void  *iov_base = slot data
 *   8 u32    msg_namelen     = 0         8 size_t iov_len  = slot size
 *  16 iovec *msg_iov         = &amp;iov[i]
 *  24 size_t msg_iovlen      = 1
 *  32 void  *msg_control     = &amp;control[i] (24 bytes: CMSG_SPACE(sizeof(int)))
 *  40 size_t msg_controllen  = 24 (out: bytes of control messages received; reset before each receive)
 *  48 int    msg_flags       (out: MSG_TRUNC if the datagram did not fit)
 *  56 u32    msg_len         (out: bytes received)
 * </pre>
 */
public final class DatagramBatch {

    static final int SIZEOF_MMSGHDR = 64;
    static final int SIZEOF_IOVEC = 16;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_LEN = 56;
    static final int CONTROL_SIZE = Linux.CMSG_SPACE_INT;

    private final int slots;
    private final int slotSize;
    private final int controlStart;
    private final int dataStart;
    private final ByteBuffer memory;
    private final Pointer vector;
    private int received;

    /**
     * @param slots    datagrams per receive call (1..1024)
     * @param slotSize bytes per datagram; a larger datagram is cut and flagged {@link #truncated(int)}
     */
    public DatagramBatch(int slots, int slotSize) {
        if (slots < 1 || slots > 1024) {
            throw new IllegalArgumentException("slots must be 1..1024, not " + slots);
        }
        if (slotSize < Netlink.NLMSG_HDRLEN || slotSize > 1 << 20) {
            throw new IllegalArgumentException("slot size must be 16..1048576, not " + slotSize);
        }
        if (Posix.runtime().addressSize() != 8) {
            throw new UnsupportedOperationException("struct mmsghdr is laid out for 64-bit Linux only");
        }
        this.slots = slots;
        this.slotSize = slotSize;
        this.controlStart = slots * (SIZEOF_MMSGHDR + SIZEOF_IOVEC); // a multiple of 8, as cmsghdr needs
        this.dataStart = controlStart + slots * CONTROL_SIZE;
        long total = dataStart + (long) slots * slotSize;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + total + " bytes is too large");
        }
        // direct memory is freed when the batch becomes unreachable; it lives as long as its socket
        this.memory = ByteBuffer.allocateDirect((int) total).order(ByteOrder.nativeOrder());
        this.vector = Pointer.wrap(Posix.runtime(), memory);
        long base = vector.address();
        for (int i = 0; i < slots; i++) {
            int hdr = i * SIZEOF_MMSGHDR;
            int iov = slots * SIZEOF_MMSGHDR + i * SIZEOF_IOVEC;
            memory.putLong(hdr, 0);                          // msg_name
            memory.putLong(hdr + 8, 0);                      // msg_namelen + padding
            memory.putLong(hdr + 16, base + iov);            // msg_iov
            memory.putLong(hdr + 24, 1);                     // msg_iovlen
            memory.putLong(hdr + 32, base + controlOffset(i)); // msg_control
            memory.putLong(hdr + MSG_CONTROLLEN, CONTROL_SIZE); // msg_controllen
            memory.putLong(hdr + MSG_FLAGS, 0);              // msg_flags + padding
            memory.putLong(hdr + MSG_LEN, 0);                // msg_len + padding
            memory.putLong(iov, base + dataOffset(i));       // iov_base
            memory.putLong(iov + 8, slotSize);               // iov_len
        }
    }

    public int slots() {
        return slots;
    }

    public int slotSize() {
        return slotSize;
    }

    /** How many slots the last receive filled. */
    public int received() {
        return received;
    }

    /** Bytes received into slot {@code i} by the last receive. */
    public int length(int i) {
        checkReceived(i);
        return Math.min(memory.getInt(i * SIZEOF_MMSGHDR + MSG_LEN), slotSize);
    }

    /** Whether the datagram in slot {@code i} was larger than the slot and got cut. */
    public boolean truncated(int i) {
        checkReceived(i);
        return (memory.getInt(i * SIZEOF_MMSGHDR + MSG_FLAGS) & Linux.MSG_TRUNC) != 0;
    }

    /**
     * The id, in the receiving socket's namespace, of the network namespace the datagram in slot {@code i}
     * came from, or {@link Netlink#NSID_NOT_ASSIGNED} for the socket's own namespace (the kernel adds the id
     * only with NETLINK_LISTEN_ALL_NSID, and only for other namespaces).
     */
    public int namespaceId(int i) {
        checkReceived(i);
        long length = memory.getLong(i * SIZEOF_MMSGHDR + MSG_CONTROLLEN);
        return ControlMessages.namespaceId(memory, controlOffset(i), (int) Math.min(length, CONTROL_SIZE));
    }

    /**
     * Copies the datagram in slot {@code i} to the start of {@code target} (at least
     * {@link #slotSize()} bytes long) and returns its length. Decoding from a heap array is faster
     * than reading native memory field by field.
     */
    public int copyTo(int i, byte[] target) {
        int length = length(i);
        memory.get(dataOffset(i), target, 0, length);
        return length;
    }

    /**
     * The struct mmsghdr array, ready for a receive: the kernel shortens msg_controllen to what it wrote
     * into each slot it filled, so those are set back to the whole control space.
     */
    Pointer prepareReceive() {
        for (int i = 0; i < received; i++) {
            memory.putLong(i * SIZEOF_MMSGHDR + MSG_CONTROLLEN, CONTROL_SIZE);
        }
        return vector;
    }

    void received(int count) {
        received = count;
    }

    private int controlOffset(int i) {
        return controlStart + i * CONTROL_SIZE;
    }

    private int dataOffset(int i) {
        return dataStart + i * slotSize;
    }

    private void checkReceived(int i) {
        if (i < 0 || i >= received) {
            throw new IndexOutOfBoundsException("slot " + i + " of " + received + " received");
        }
    }
}
