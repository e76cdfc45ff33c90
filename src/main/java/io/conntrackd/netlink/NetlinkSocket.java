package io.conntrackd.netlink;

import io.conntrackd.posix.Errno;
import io.conntrackd.posix.LibC;
import io.conntrackd.posix.Linux;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;
import io.conntrackd.posix.SocketOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw netlink socket subscribed to multicast groups, tuned for receiving bursts of events:
 * a large receive buffer, NETLINK_NO_ENOBUFS so an overrun drops only what did not fit (and
 * does not stall delivery until the queue drains), a receive timeout so a loop can notice a stop
 * request, and many datagrams per system call.
 *
 * <p>Threads: one thread receives at a time; {@link #kernelDrops()} may be called from any
 * thread; {@link #close()} must not race a receive in progress (the owner stops receiving first;
 * a receive returns within the receive timeout).
 */
public final class NetlinkSocket implements AutoCloseable {

    /** {@link #receive} result when the kernel reported ENOBUFS: events were lost. */
    public static final int RECEIVE_ENOBUFS = -1;

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkSocket.class);
    static final String PERMISSION_HINT = "receiving netlink events requires CAP_NET_ADMIN (run as root)";

    /**
     * How to open the socket.
     *
     * @param protocol          netlink protocol, e.g. {@link Netlink#NETLINK_NETFILTER}
     * @param groups            multicast group mask to bind (groups 1..32)
     * @param receiveBufferSize requested receive buffer in bytes (0 keeps the system default)
     * @param receiveTimeout    how long one receive blocks at most (at least 1 ms)
     * @param netns             path of the network namespace to open the socket in, or
     *                          {@code null} for the caller's namespace
     * @param listenAllNamespaces also receive the multicast messages of the other namespaces that have an id
     *                          in the socket's (NETLINK_LISTEN_ALL_NSID); without CAP_NET_BROADCAST the kernel
     *                          refuses, and the socket hears its own namespace only (see
     *                          {@link #allNamespacesRefusal()})
     */
    public record Config(int protocol, int groups, int receiveBufferSize, Duration receiveTimeout, String netns,
                         boolean listenAllNamespaces) {

        /** A socket that hears its own namespace only. */
        public Config(int protocol, int groups, int receiveBufferSize, Duration receiveTimeout, String netns) {
            this(protocol, groups, receiveBufferSize, receiveTimeout, netns, false);
        }

        public Config {
            Objects.requireNonNull(receiveTimeout, "receiveTimeout");
            if (receiveTimeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("receive timeout must be at least 1 ms, not " + receiveTimeout);
            }
            if (receiveBufferSize < 0) {
                throw new IllegalArgumentException("receive buffer size must not be negative");
            }
        }
    }

    private final LibC libc = Posix.libc();
    private final int fd;
    private final int receiveBufferSize;
    private final boolean hearsAllNamespaces;
    private final String allNamespacesRefusal;
    private final Object lock = new Object(); // close() against kernelDrops() from other threads
    private final int[] meminfo = new int[Linux.SK_MEMINFO_VARS];
    private volatile boolean closed;

    private NetlinkSocket(int fd, int receiveBufferSize, boolean hearsAllNamespaces, String allNamespacesRefusal) {
        this.fd = fd;
        this.receiveBufferSize = receiveBufferSize;
        this.hearsAllNamespaces = hearsAllNamespaces;
        this.allNamespacesRefusal = allNamespacesRefusal;
    }

    /** Opens and binds a socket as {@code config} says, inside {@code config.netns()} if given. */
    public static NetlinkSocket open(Config config) throws IOException {
        if (config.netns() == null) {
            return openHere(config);
        }
        return NetworkNamespace.call(config.netns(), () -> openHere(config));
    }

    private static NetlinkSocket openHere(Config config) throws IOException {
        LibC libc = Posix.libc();
        int fd = libc.socket(Linux.AF_NETLINK, Linux.SOCK_RAW | Linux.SOCK_CLOEXEC, config.protocol());
        if (fd < 0) {
            throw failure("socket(AF_NETLINK, protocol " + config.protocol() + ")", Posix.errno());
        }
        try {
            // options first, so that no event arrives before the buffer is large
            int effective = setReceiveBuffer(fd, config.receiveBufferSize());
            // without this, one overrun makes the kernel drop every event until the queue is empty
            SocketOptions.setInt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_NO_ENOBUFS, 1, "NETLINK_NO_ENOBUFS");
            String allNamespacesRefusal = config.listenAllNamespaces() ? listenAllNamespaces(fd) : null;
            SocketOptions.setTimeval(fd, Linux.SOL_SOCKET, Linux.SO_RCVTIMEO, config.receiveTimeout(), "SO_RCVTIMEO");
            bind(fd, config.groups());
            if (effective < config.receiveBufferSize()) {
                // the kernel reports twice the granted size, so this means the request was capped;
                // said after bind, whose permission error would explain it better
                LOG.warn("netlink receive buffer is {} bytes, less than the {} requested: SO_RCVBUFFORCE needs "
                        + "CAP_NET_ADMIN, otherwise raise net.core.rmem_max", effective, config.receiveBufferSize());
            }
            return new NetlinkSocket(fd, effective, config.listenAllNamespaces() && allNamespacesRefusal == null,
                    allNamespacesRefusal);
        } catch (IOException | RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    /**
     * SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped at
     * rmem_max. Returns the size the kernel reports (it doubles the request for bookkeeping).
     */
    private static int setReceiveBuffer(int fd, int size) throws NativeException {
        if (size > 0) {
            int errno = SocketOptions.trySetInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUFFORCE, size);
            if (errno == 0) {
                LOG.debug("receive buffer of {} bytes requested with SO_RCVBUFFORCE", size);
            } else {
                LOG.debug("SO_RCVBUFFORCE failed (errno {}), using SO_RCVBUF capped at net.core.rmem_max", errno);
                SocketOptions.setInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, size, "SO_RCVBUF");
            }
        }
        int effective = SocketOptions.getInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, "SO_RCVBUF");
        LOG.debug("effective receive buffer: {} bytes", effective);
        return effective;
    }

    /**
     * Sets NETLINK_LISTEN_ALL_NSID; returns {@code null}, or why the kernel refused: it needs CAP_NET_BROADCAST
     * (in the user namespace that owns the socket's network namespace). Refused, the socket hears its own
     * namespace only, which is not a reason to fail.
     */
    private static String listenAllNamespaces(int fd) {
        int errno = SocketOptions.trySetInt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_LISTEN_ALL_NSID, 1);
        if (errno == 0) {
            return null;
        }
        String refusal = NativeException.of("setsockopt(NETLINK_LISTEN_ALL_NSID)", errno).getMessage();
        return Errno.isPermissionError(errno) ? refusal + "; it needs CAP_NET_BROADCAST" : refusal;
    }

    private static void bind(int fd, int groups) throws NativeException {
        // struct sockaddr_nl: u16 nl_family, u16 nl_pad, u32 nl_pid (0: kernel assigns), u32 nl_groups
        Pointer address = Memory.allocateDirect(Posix.runtime(), Netlink.SIZEOF_SOCKADDR_NL, true);
        address.putShort(0, (short) Linux.AF_NETLINK);
        address.putInt(8, groups);
        if (Posix.libc().bind(fd, address, Netlink.SIZEOF_SOCKADDR_NL) < 0) {
            throw failure("bind(AF_NETLINK, groups 0x" + Integer.toHexString(groups) + ")", Posix.errno());
        }
    }

    private static NativeException failure(String operation, int errno) {
        NativeException e = NativeException.of(operation, errno);
        if (e.isPermissionError()) {
            return new NativeException(e.getMessage() + "; " + PERMISSION_HINT, errno);
        }
        return e;
    }

    /**
     * Receives up to {@code batch.slots()} datagrams with one recvmmsg(2): blocks until the first
     * arrives or the receive timeout passes, then takes whatever else is already queued.
     *
     * @return the number of datagrams received (see {@link DatagramBatch#received()}), 0 when the
     *         timeout passed or a signal interrupted the call, or {@link #RECEIVE_ENOBUFS} when the
     *         kernel reported an overrun (not fatal: receiving can go on)
     * @throws IOException on any other error, e.g. the socket was closed
     */
    public int receive(DatagramBatch batch) throws IOException {
        if (closed) {
            throw new IOException("netlink socket is closed"); // the fd number may belong to another file now
        }
        int n = libc.recvmmsg(fd, batch.prepareReceive(), batch.slots(), Linux.MSG_WAITFORONE, null);
        if (n >= 0) {
            batch.received(n);
            return n;
        }
        int errno = Posix.errno();
        batch.received(0);
        switch (errno) {
            case Errno.EAGAIN:
            case Errno.EINTR:
                return 0;
            case Errno.ENOBUFS:
                return RECEIVE_ENOBUFS;
            default:
                throw NativeException.of("recvmmsg(netlink)", errno);
        }
    }

    /**
     * Sends one request to the kernel: {@code length} bytes of native memory at {@code message}, a
     * complete netlink message (nlmsghdr and payload).
     *
     * @throws IOException when the kernel does not take it, or the socket is closed
     */
    public void send(Pointer message, int length) throws IOException {
        if (closed) {
            throw new IOException("netlink socket is closed");
        }
        if (libc.sendto(fd, message, length, 0, null, 0) < 0) {
            throw NativeException.lastError("sendto(netlink)");
        }
    }

    /**
     * Events the kernel dropped for this socket because its receive buffer was full (the drop
     * count of SO_MEMINFO, unsigned 32 bit, wraps around). Cheap (one system call); any thread.
     */
    public long kernelDrops() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("netlink socket is closed");
            }
            int n = SocketOptions.getInts(fd, Linux.SOL_SOCKET, Linux.SO_MEMINFO, meminfo, "SO_MEMINFO");
            if (n <= Linux.SK_MEMINFO_DROPS) {
                throw new IOException("SO_MEMINFO returned only " + n + " values, no drop count");
            }
            return meminfo[Linux.SK_MEMINFO_DROPS] & 0xffffffffL;
        }
    }

    /**
     * Why the socket does not hear other namespaces although asked to, e.g. {@code setsockopt(NETLINK_LISTEN_ALL_NSID):
     * Operation not permitted (errno 1); it needs CAP_NET_BROADCAST}; {@code null} when it does or was not asked.
     */
    public String allNamespacesRefusal() {
        return allNamespacesRefusal;
    }

    /** Whether the socket hears the other namespaces with an id in its own: asked for, and the kernel agreed. */
    public boolean hearsAllNamespaces() {
        return hearsAllNamespaces;
    }

    /** The receive buffer size the kernel reports (SO_RCVBUF after setting it). */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** The file descriptor, for diagnostics. */
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                libc.close(fd);
            }
        }
    }
}
