package io.conntrackd.netlink;

import io.conntrackd.posix.Linux;
import java.nio.ByteBuffer;

/**
 * Reads the ancillary data (control messages) the kernel hands over with a received datagram, without
 * allocating. Each is a struct cmsghdr, 64-bit layout in host byte order, followed by its data:
 *
 * <pre>
 *  0 size_t cmsg_len    header and data, without the padding after it
 *  8 int    cmsg_level  e.g. SOL_NETLINK (270)
 * 12 int    cmsg_type   e.g. NETLINK_LISTEN_ALL_NSID (8)
 * 16 data               padded to 8 bytes (CMSG_ALIGN) before the next header
 * </pre>
 */
final class ControlMessages {

    private static final int HEADER = Linux.CMSG_DATA_OFFSET;

    private ControlMessages() {
    }

    /**
     * The network namespace id of the {@code SOL_NETLINK}/{@code NETLINK_LISTEN_ALL_NSID} control message
     * in {@code length} bytes of {@code control} from {@code offset}, read in the buffer's byte order.
     *
     * @return the id, or {@link Netlink#NSID_NOT_ASSIGNED} when there is none: the kernel sends it only for
     *         a message from another namespace, so none means the socket's own (or garbage, which ends the walk)
     */
    static int namespaceId(ByteBuffer control, int offset, int length) {
        int position = offset;
        int end = offset + length;
        while (end - position >= HEADER) {
            long cmsgLength = control.getLong(position);
            if (cmsgLength < HEADER || cmsgLength > end - position) {
                return Netlink.NSID_NOT_ASSIGNED;
            }
            int level = control.getInt(position + 8);
            int type = control.getInt(position + 12);
            if (level == Netlink.SOL_NETLINK && type == Netlink.NETLINK_LISTEN_ALL_NSID && cmsgLength >= HEADER + 4) {
                return control.getInt(position + HEADER);
            }
            position += (int) ((cmsgLength + 7) & ~7L); // CMSG_ALIGN
        }
        return Netlink.NSID_NOT_ASSIGNED;
    }
}
