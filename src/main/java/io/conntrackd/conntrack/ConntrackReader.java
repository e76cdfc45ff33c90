package io.conntrackd.conntrack;

import io.conntrackd.netlink.DatagramBatch;
import io.conntrackd.netlink.NamespaceIds;
import io.conntrackd.netlink.NamespaceNames;
import io.conntrackd.netlink.NetlinkSocket;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the kernel's conntrack events and hands TCP and UDP events to a sink.
 *
 * <pre>
 * try (ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults())) {
 *     while (running) {
 *         reader.poll(queue::add); // blocks at most pollTimeout
 *     }
 * }
 * </pre>
 *
 * <p>One thread polls. {@link #stats()} and {@link #kernelDrops()} may be used from any thread.
 * {@link #close()} may be called from any thread; it waits for a poll in progress (at most the
 * poll timeout). Overflow is never fatal: lost events are counted and reported by a rate-limited
 * WARN line.
 */
public final class ConntrackReader implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackReader.class);

    /** Bytes per received datagram; a conntrack event takes a few hundred. */
    static final int DATAGRAM_SIZE = 8192;
    private static final long DROP_SAMPLE_INTERVAL = TimeUnit.SECONDS.toNanos(1);
    private static final long LOSS_WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final ReaderOptions options;
    private final NetlinkSocket socket;
    private final DatagramBatch batch;
    private final byte[] datagram = new byte[DATAGRAM_SIZE];
    private final DatagramHandler handler;
    private final NamespaceNames names;  // null unless other namespaces are heard
    private final PeerNamespaces peers;  // null when only our own is heard
    private final ReaderStats stats = new ReaderStats();
    private final LossReporter lossReporter;
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object dropLock = new Object();

    private int nextSlot;      // datagrams of the last receive not yet handled (after a sink threw)
    private int pendingSlots;
    private long pendingReceivedNanos;
    private long pendingMonotonicNanos; // System.nanoTime() of that receive, for the namespace names' age
    private long lastDropSample;
    private long lastRawDrops;
    private volatile boolean closed;

    private ConntrackReader(ReaderOptions options, NetlinkSocket socket, boolean allNamespaces,
                            NamespaceNames names) {
        this.options = options;
        this.socket = socket;
        this.names = names;
        this.peers = allNamespaces ? new PeerNamespaces(names != null ? names::byId : Map::of) : null;
        this.batch = new DatagramBatch(options.messagesPerRead(), DATAGRAM_SIZE);
        this.handler = new DatagramHandler(new ConntrackDecoder(options.eventTypes(), options.protocols()));
        this.lossReporter = new LossReporter(LOG, LOSS_WARNING_INTERVAL, socket.receiveBufferSize());
        this.lastDropSample = System.nanoTime();
    }

    /**
     * Opens the netlink socket (in {@code options.netns()} if set) and subscribes to the event
     * types of {@code options}.
     *
     * @throws IOException when the socket cannot be opened; the message says when CAP_NET_ADMIN
     *         (root) is missing or names a namespace path that cannot be entered
     */
    public static ConntrackReader open(ReaderOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        NetlinkSocket socket = NetlinkSocket.open(options.socketConfig());
        NamespaceNames names = null;
        try {
            boolean allNamespaces = listensToAllNamespaces(options, socket);
            names = allNamespaces ? namespaceNames(options) : null;
            ConntrackReader reader = new ConntrackReader(options, socket, allNamespaces, names);
            reader.lastRawDrops = socket.kernelDrops(); // a fresh socket has 0, but start from what is there
            LOG.debug("listening for conntrack events {} of {} in {}{} with a {} byte receive buffer",
                    options.eventTypes(), options.protocols(), where(options),
                    reader.peers != null ? " and the namespaces with an id in it" : "", socket.receiveBufferSize());
            return reader;
        } catch (IOException | RuntimeException | Error e) {
            if (names != null) {
                names.close();
            }
            socket.close();
            throw e;
        }
    }

    /** Whether the socket hears other namespaces; says why not when it was asked to and the kernel refused. */
    private static boolean listensToAllNamespaces(ReaderOptions options, NetlinkSocket socket) {
        if (socket.allNamespacesRefusal() != null) {
            LOG.warn("not hearing the conntrack events of other network namespaces, only those of {} ({}): grant"
                    + " CAP_NET_BROADCAST, or listen to this namespace only (conntrackd --netlink.all-namespaces=false,"
                    + " allNamespaces=false on a conntrack: endpoint)", where(options), socket.allNamespacesRefusal());
        }
        return socket.hearsAllNamespaces();
    }

    /**
     * Names for the ids of other namespaces, from a NETLINK_ROUTE socket beside the listening one; without it
     * (a sandbox that refuses the socket) events of other namespaces have their ids only.
     */
    private static NamespaceNames namespaceNames(ReaderOptions options) {
        try {
            return new NamespaceNames(NamespaceIds.open(options.netns()), NamespaceNames.IP_NETNS_DIRECTORY);
        } catch (IOException e) {
            LOG.warn("events of other network namespaces will carry their ids but no names: {}", e.getMessage());
            return null;
        }
    }

    private static String where(ReaderOptions options) {
        return options.netns() == null ? "the current network namespace" : options.netns();
    }

    /**
     * Receives once (one recvmmsg, blocking up to the poll timeout) and passes every wanted
     * event of the received datagrams to {@code sink}, in kernel order.
     *
     * <p>If {@code sink} throws, the exception propagates; the datagrams of this receive that
     * were not handled yet are handled by the next poll.
     *
     * @return true when the receive filled all its slots, so more events are probably queued
     *         (or the kernel reported an overrun); false when the queue was drained or the poll
     *         timed out
     * @throws IOException when receiving fails for another reason than a timeout or overrun,
     *         or the reader is closed
     */
    @Override
    public boolean poll(Consumer<? super ConntrackEvent> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        pollLock.lock();
        try {
            if (closed) {
                throw new IOException("conntrack reader is closed");
            }
            if (nextSlot < pendingSlots) {
                handleSlots(sink); // finish the batch a throwing sink interrupted
                return true;
            }
            int n = socket.receive(batch);
            long now = System.nanoTime();
            boolean more;
            if (n == NetlinkSocket.RECEIVE_ENOBUFS) {
                stats.enobufs.incrementAndGet();
                sampleDrops(now);
                more = true;
            } else {
                if (n > 0) {
                    stats.datagrams.addAndGet(n);
                    nextSlot = 0;
                    pendingSlots = n;
                    pendingReceivedNanos = WallClock.epochNanos();
                    pendingMonotonicNanos = now;
                    handleSlots(sink);
                }
                more = n == batch.slots();
            }
            if (now - lastDropSample >= DROP_SAMPLE_INTERVAL) {
                sampleDrops(now);
            }
            return more;
        } finally {
            pollLock.unlock();
        }
    }

    private void handleSlots(Consumer<? super ConntrackEvent> sink) {
        try {
            while (nextSlot < pendingSlots) {
                int i = nextSlot++;
                if (batch.truncated(i)) {
                    handler.truncated(DATAGRAM_SIZE);
                    continue;
                }
                int length = batch.copyTo(i, datagram);
                PeerNamespace namespace = peers == null ? null : peers.of(batch.namespaceId(i), pendingMonotonicNanos);
                handler.handle(datagram, length, pendingReceivedNanos, namespace, sink);
            }
        } finally {
            handler.flushTo(stats);
        }
    }

    /**
     * Reads the kernel's drop count now (one system call) and returns it; also updates
     * {@link ReaderStats#kernelDrops()} and logs the loss warning if due. Any thread.
     *
     * @throws IOException when the reader is closed or the kernel refuses the read
     */
    @Override
    public long kernelDrops() throws IOException {
        synchronized (dropLock) {
            if (closed) {
                throw new IOException("conntrack reader is closed");
            }
            return readDrops(System.nanoTime());
        }
    }

    private void sampleDrops(long now) {
        synchronized (dropLock) {
            lastDropSample = now;
            try {
                readDrops(now);
            } catch (IOException e) {
                LOG.debug("could not read the kernel drop count: {}", e.getMessage());
            }
        }
    }

    /** Caller holds dropLock. The kernel counts in 32 bits; accumulating deltas survives a wrap. */
    private long readDrops(long now) throws IOException {
        long raw = socket.kernelDrops();
        long total = stats.kernelDrops.get() + ((raw - lastRawDrops) & 0xffffffffL);
        lastRawDrops = raw;
        stats.kernelDrops.set(total);
        lossReporter.update(total, now);
        return total;
    }

    /** Whether the socket is open: true until {@link #close()}. Any thread. */
    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Counters since open; live, readable from any thread. */
    @Override
    public ReaderStats stats() {
        return stats;
    }

    public ReaderOptions options() {
        return options;
    }

    /** Closes the socket after a final drop count; waits for a poll in progress. Idempotent. */
    @Override
    public void close() {
        pollLock.lock();
        try {
            synchronized (dropLock) {
                if (closed) {
                    return;
                }
                try {
                    long now = System.nanoTime();
                    lossReporter.flush(readDrops(now), now); // a last count: losses before close are not missed
                } catch (IOException e) {
                    LOG.debug("could not read the kernel drop count: {}", e.getMessage());
                }
                closed = true;
                socket.close();
                if (names != null) {
                    names.close();
                }
            }
            LOG.debug("conntrack reader closed: {}", stats);
        } finally {
            pollLock.unlock();
        }
    }
}
