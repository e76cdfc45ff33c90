package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.ConntrackMessages.*;
import static io.conntrackd.conntrack.Ctnetlink.*;

import io.conntrackd.netlink.DatagramBatch;
import io.conntrackd.netlink.Netlink;
import io.conntrackd.netlink.NetlinkMessageBuilder;
import io.conntrackd.netlink.NetlinkSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The synthetic events of the start-up training run: conntrack messages laid out as the kernel sends them,
 * decoded by the reader's own decoder, so that everything after the socket (decoder, hand-over, route, filter,
 * GeoIP, sinks) runs as for real events and the JVM's start-up archive records it (classes, and on Java 25 the
 * method profiles). No privilege and no event from the kernel: the socket is only opened, unsubscribed, and
 * received from once, so that the C library binding and the socket's classes are loaded as a real start loads them.
 *
 * <p>Flows of TCP and UDP, over IPv4 and (one in four) IPv6, each a NEW, an UPDATE and a DESTROY with
 * counters and timestamps, from private sources to addresses spread over the whole address space (so GeoIP
 * finds some and misses others). The same seed each run: the same events. After {@code events} events, polls
 * return nothing and {@code whenDone} runs once.
 */
public final class TrainingEvents implements EventSource {

    /**
     * Events per poll, in turn: a real socket hands the reader one event on a quiet host and a full receive under a
     * burst, and the route sees batches of every size in between; a profile of full batches only would mislead the
     * JIT compiler about the real run's.
     */
    private static final int[] PER_POLL = {1, 3, 16, 64, 1, 64, 256, 8};
    /** From this many events per poll on, the reader is told that more wait, as after a full receive. */
    private static final int FULL = 64;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int[] PORTS = {443, 80, 53, 22, 123, 8080};

    private final long events;
    private final Runnable whenDone;
    private final long pollNanos;
    private final DatagramHandler handler;
    private final ReaderStats stats = new ReaderStats();
    private long made;
    private int polls;
    private boolean doneSaid;
    private volatile boolean open = true;

    /**
     * @param events   how many events to make (at least 1)
     * @param options  the consumer's options: event types and protocols not wanted are dropped by the decoder,
     *                 as the kernel's would be; the poll timeout paces the polls after the last event
     * @param whenDone runs on the polling thread once the last event was handed to the sink
     */
    public TrainingEvents(long events, ReaderOptions options, Runnable whenDone) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, not " + events);
        }
        this.events = events;
        this.whenDone = Objects.requireNonNull(whenDone, "whenDone");
        this.pollNanos = options.pollTimeout().toNanos();
        this.handler = new DatagramHandler(new ConntrackDecoder(options.eventTypes(), options.protocols()));
        openTheSocketOnce();
    }

    /**
     * A netlink socket subscribed to no group (which needs no privilege), one receive that times out, closed: what
     * a real start does before the first event, minus the subscription. Where even that is refused, training goes on.
     */
    private static void openTheSocketOnce() {
        NetlinkSocket.Config config = new NetlinkSocket.Config(Netlink.NETLINK_NETFILTER, 0, 0, Duration.ofMillis(1),
                null);
        try (NetlinkSocket socket = NetlinkSocket.open(config)) {
            socket.receive(new DatagramBatch(1, ConntrackReader.DATAGRAM_SIZE));
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(TrainingEvents.class).debug("training without the netlink socket: {}",
                    e.toString());
        }
    }

    @Override
    public boolean poll(Consumer<? super ConntrackEvent> sink) throws IOException {
        if (!open) {
            throw new IOException("training events are closed");
        }
        if (made >= events) {
            if (!doneSaid) {
                doneSaid = true;
                whenDone.run();
            }
            LockSupport.parkNanos(pollNanos); // as a receive on a quiet socket waits
            return false;
        }
        long receivedNanos = WallClock.epochNanos();
        int n = (int) Math.min(PER_POLL[polls++ % PER_POLL.length], events - made);
        try {
            for (int i = 0; i < n; i++) {
                byte[] datagram = message(made++);
                handler.handle(datagram, datagram.length, receivedNanos, sink);
            }
        } finally {
            stats.datagrams.addAndGet(n);
            handler.flushTo(stats);
        }
        return n >= FULL; // otherwise the reader pauses as after a partial receive, and batches stay small
    }

    /** Event {@code index}: the NEW, UPDATE or DESTROY of flow {@code index / 3}. */
    static byte[] message(long index) {
        SplittableRandom flow = new SplittableRandom(index / 3 * 0x9E3779B97F4A7C15L + 19);
        boolean v6 = flow.nextInt(4) == 0;
        boolean tcp = flow.nextBoolean();
        int[] source = v6 ? v6Address(flow, 0xfd)
                : new int[] {10, flow.nextInt(256), flow.nextInt(256), 1 + flow.nextInt(254)};
        int[] destination = v6 ? v6Address(flow, 0x20) : new int[] {1 + flow.nextInt(223), flow.nextInt(256),
                flow.nextInt(256), 1 + flow.nextInt(254)};
        int sourcePort = 32768 + flow.nextInt(28232);
        int destinationPort = PORTS[flow.nextInt(PORTS.length)];
        int family = v6 ? AF_INET6 : AF_INET;
        int phase = (int) (index % 3);
        NetlinkMessageBuilder m = phase == 0 ? newEvent(family)
                : phase == 1 ? updateEvent(family) : destroyEvent(family);
        int protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
        tuple(m, CTA_TUPLE_ORIG, source, destination, protocol, sourcePort, destinationPort);
        tuple(m, CTA_TUPLE_REPLY, destination, source, protocol, destinationPort, sourcePort);
        m.be32(CTA_ID, index / 3 + 1).be32(CTA_STATUS, phase == 0 ? 0x8 : 0xe); // CONFIRMED; then SEEN_REPLY, ASSURED
        if (phase < 2) {
            m.be32(CTA_TIMEOUT, tcp ? 432000 : 120);
            if (tcp) {
                tcpState(m, phase == 0 ? 1 : 3); // SYN_SENT, then ESTABLISHED
            }
        } else {
            counters(m, CTA_COUNTERS_ORIG, 1 + flow.nextInt(100), 60 + flow.nextInt(100_000));
            counters(m, CTA_COUNTERS_REPLY, 1 + flow.nextInt(100), 60 + flow.nextInt(1_000_000));
            long start = 1_700_000_000_000_000_000L + index * 1_000_000L;
            timestamps(m, start, start + flow.nextInt(1_000_000_000));
        }
        return m.build();
    }

    /** An IPv6 address in the /8 whose first byte is {@code first}: fd00::/8 private, 2000::/8 global. */
    private static int[] v6Address(SplittableRandom random, int first) {
        int[] address = new int[16];
        address[0] = first;
        for (int i = 1; i < 16; i++) {
            address[i] = random.nextInt(256);
        }
        return address;
    }

    /** Always 0: no kernel, no drops. */
    @Override
    public long kernelDrops() {
        return 0;
    }

    @Override
    public ReaderStats stats() {
        return stats;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
