package io.conntrackd.netlink;

import io.conntrackd.posix.Linux;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Asks the kernel which id a network namespace has in the namespace of this object's socket: RTM_GETNSID
 * with NETNSA_FD over NETLINK_ROUTE, as {@code ip netns list-id} does. Ids are relative: the socket must be
 * in the namespace whose ids are wanted, so open it where the listening socket is. Asking allocates no
 * id; a namespace without one answers {@link Netlink#NSID_NOT_ASSIGNED}. Not thread-safe.
 */
public final class NamespaceIds implements AutoCloseable {

    /** nlmsghdr, struct rtgenmsg (padded), one u32 attribute: 28 bytes. */
    private static final int REQUEST_LENGTH = Netlink.NLMSG_HDRLEN + Netlink.SIZEOF_RTGENMSG_ALIGNED
            + Netlink.NLA_HDRLEN + 4;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);

    private final NetlinkSocket socket;
    private final Pointer request = Memory.allocateDirect(Posix.runtime(), REQUEST_LENGTH, true);
    private final DatagramBatch answers = new DatagramBatch(1, 4096);
    private final byte[] answer = new byte[4096];
    private final MessageCursor messages = new MessageCursor();
    private final AttributeCursor attributes = new AttributeCursor();
    private int sequence;

    private NamespaceIds(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens the socket in the namespace at {@code netns}, or in the caller's when {@code null}. */
    public static NamespaceIds open(String netns) throws IOException {
        return new NamespaceIds(NetlinkSocket.open(new NetlinkSocket.Config(Netlink.NETLINK_ROUTE, 0, 0,
                ANSWER_TIMEOUT, netns)));
    }

    /** The id of the namespace that the file at {@code path} is (e.g. /var/run/netns/NAME). */
    public int idOf(Path path) throws IOException {
        int fd = Posix.libc().open(path.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC);
        if (fd < 0) {
            throw NativeException.lastError("open(" + path + ")");
        }
        try {
            return idOf(fd);
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    /**
     * The id of the namespace open as {@code namespaceFd}, or {@link Netlink#NSID_NOT_ASSIGNED}.
     *
     * @throws IOException when the kernel refuses (e.g. EINVAL: the file is not a network namespace) or does not
     *         answer within a second
     */
    public int idOf(int namespaceFd) throws IOException {
        int seq = ++sequence;
        byte[] bytes = request(seq, namespaceFd);
        request.put(0, bytes, 0, bytes.length);
        socket.send(request, bytes.length);
        while (true) {
            int received = socket.receive(answers);
            if (received <= 0) {
                throw new IOException("no answer from the kernel to RTM_GETNSID");
            }
            int length = answers.copyTo(0, answer);
            Integer id = answerTo(seq, length);
            if (id != null) {
                return id;
            }
        }
    }

    /** RTM_GETNSID for the namespace open as {@code namespaceFd}: nlmsghdr, rtgenmsg (AF_UNSPEC), NETNSA_FD. */
    static byte[] request(int seq, int namespaceFd) {
        return new NetlinkMessageBuilder().header(Netlink.RTM_GETNSID, Netlink.NLM_F_REQUEST, seq, 0)
                .rtgenmsg(Linux.AF_UNSPEC)
                .hostU32(Netlink.NETNSA_FD, namespaceFd)
                .build();
    }

    /** The id in the answer to request {@code seq}, or {@code null} when the datagram answers something else. */
    private Integer answerTo(int seq, int length) throws IOException {
        try {
            for (messages.reset(answer, 0, length); messages.next(); ) {
                if (messages.sequence() != seq) {
                    continue;
                }
                if (messages.type() == Netlink.NLMSG_ERROR && messages.errorCode() != 0) {
                    throw NativeException.of("RTM_GETNSID", -messages.errorCode());
                }
                if (messages.type() == Netlink.RTM_NEWNSID) {
                    return nsid();
                }
            }
            return null;
        } catch (MalformedMessageException e) {
            throw new IOException("malformed answer to RTM_GETNSID: " + e.getMessage(), e);
        }
    }

    private int nsid() throws MalformedMessageException {
        int offset = messages.payloadOffset() + Netlink.SIZEOF_RTGENMSG_ALIGNED;
        int length = messages.payloadLength() - Netlink.SIZEOF_RTGENMSG_ALIGNED;
        if (length < 0) {
            throw new MalformedMessageException("RTM_NEWNSID without rtgenmsg");
        }
        for (attributes.reset(answer, offset, length); attributes.next(); ) {
            if (attributes.type() == Netlink.NETNSA_NSID) {
                attributes.requireLength(4);
                return MessageCursor.hostU32(answer, attributes.payloadOffset()); // rtnetlink: host byte order
            }
        }
        throw new MalformedMessageException("RTM_NEWNSID without NETNSA_NSID");
    }

    @Override
    public void close() {
        socket.close();
    }
}
