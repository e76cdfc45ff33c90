package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against the real kernel: a fresh namespace per test, bounded loopback traffic, and
 * {@code conntrack -E} on the same namespace as the reference for what the kernel emitted.
 */
class ConntrackReaderIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long IPS_CONFIRMED = 0x8; // linux/netfilter/nf_conntrack_common.h: set on every event

    private TestNamespace ns;

    @BeforeEach
    void createNamespace() throws IOException {
        ns = TestNamespace.create();
    }

    @AfterEach
    void deleteNamespace() throws IOException {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void deliversEveryEventOfTcpAndUdpFlowsAsConntrackDoes() throws Exception {
        ConntrackMonitor monitor = ns.startConntrackMonitor();
        try (ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path()))) {
            List<Flow> flows = new ArrayList<>();
            flows.addAll(ns.tcpFlows("127.0.0.1", 2));
            flows.addAll(ns.tcpFlows("::1", 2));
            flows.addAll(ns.udpFlows("127.0.0.1", 2, true));
            flows.addAll(ns.udpFlows("::1", 2, false));
            ns.flushConntrack(); // every flow gets its DESTROY now

            List<ConntrackEvent> events = pollUntil(reader,
                    got -> flows.stream().allMatch(f -> of(got, f).stream().anyMatch(e -> e.type() == EventType.DESTROY)));

            for (Flow flow : flows) {
                List<ConntrackEvent> own = of(events, flow);
                assertThat(own).as("events of %s", flow).isNotEmpty();
                assertThat(own.get(0).type()).as("first event of %s", flow).isEqualTo(EventType.NEW);
                assertThat(own.get(own.size() - 1).type()).as("last event of %s", flow).isEqualTo(EventType.DESTROY);
                assertThat(own.subList(1, own.size() - 1)).allMatch(e -> e.type() == EventType.UPDATE);
                assertThat(own).extracting(ConntrackEvent::flowId).containsOnly(own.get(0).flowId());
                for (ConntrackEvent e : own) {
                    assertThat(e.family()).isEqualTo(flow.source().contains(":") ? Family.IPV6 : Family.IPV4);
                    assertThat(e.reply()).isEqualTo(e.original().inverse()); // no NAT here
                    assertThat(e.receivedNanos()).isPositive();
                    assertThat(e.status() & IPS_CONFIRMED).as("status %x", e.status()).isEqualTo(IPS_CONFIRMED);
                }
                if (flow.protocol() == Protocol.TCP) {
                    assertThat(own.get(0).tcpState()).isEqualTo(TcpState.SYN_SENT);
                    assertThat(own).extracting(ConntrackEvent::tcpState)
                            .contains(TcpState.ESTABLISHED, TcpState.TIME_WAIT);
                    assertThat(own.get(own.size() - 1).tcpState()).isEqualTo(TcpState.TIME_WAIT);
                } else {
                    assertThat(own).extracting(ConntrackEvent::tcpState).containsOnlyNulls();
                }
            }
            // echoed UDP flows see the reply (one UPDATE), one-way flows do not
            for (Flow flow : flows) {
                if (flow.protocol() == Protocol.UDP) {
                    assertThat(of(events, flow)).extracting(ConntrackEvent::type).containsExactly(
                            flow.source().contains(":")
                                    ? new EventType[] {EventType.NEW, EventType.DESTROY}
                                    : new EventType[] {EventType.NEW, EventType.UPDATE, EventType.DESTROY});
                }
            }
            assertThat(events).as("only our flows' events").allMatch(e -> flows.stream().anyMatch(f -> matches(e, f)));

            // the same events, in the same order, as conntrack -E printed
            List<KernelEvent> reference = monitor.awaitEvents(events.size() + " events",
                    k -> k.size() >= events.size(), WAIT);
            assertThat(events.stream().map(ConntrackReaderIT::signature).toList())
                    .isEqualTo(reference.stream().map(ConntrackReaderIT::signature).toList());

            assertThat(reader.kernelDrops()).isZero();
            ReaderStats stats = reader.stats();
            assertThat(stats.eventsDelivered()).isEqualTo(events.size());
            assertThat(stats.messagesReceived()).isEqualTo(events.size());
            assertThat(stats.malformed()).isZero();
            assertThat(stats.ignored()).isZero();
            assertThat(stats.enobufs()).isZero();
            assertThat(stats.kernelDrops()).isZero();
        } finally {
            monitor.stop();
        }
    }

    @Test
    void countersAndTimestampsArriveWhenTheNamespaceEnablesThem() throws Exception {
        ns.enableConntrackAccounting();
        ns.enableConntrackTimestamps();
        try (ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path())
                .withEventTypes(EnumSet.of(EventType.DESTROY)))) {
            Flow flow = ns.udpFlows("::1", 1, true).get(0);
            ns.flushConntrack();

            List<ConntrackEvent> events = pollUntil(reader, got -> !got.isEmpty());

            ConntrackEvent destroy = events.get(0);
            assertThat(matches(destroy, flow)).isTrue();
            assertThat(destroy.originalCounters()).isEqualTo(new Counters(1, 49)); // 40 IPv6 + 8 UDP + 1 byte
            assertThat(destroy.replyCounters()).isEqualTo(new Counters(1, 49));
            assertThat(destroy.startNanos()).isPositive();
            assertThat(destroy.stopNanos()).isGreaterThanOrEqualTo(destroy.startNanos());
        }
    }

    @Test
    void withoutSysctlsThereAreNoCountersOrTimestamps() throws Exception {
        try (ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path())
                .withEventTypes(EnumSet.of(EventType.DESTROY)))) {
            ns.udpFlows("127.0.0.1", 1, true);
            ns.flushConntrack();

            ConntrackEvent destroy = pollUntil(reader, got -> !got.isEmpty()).get(0);
            assertThat(destroy.originalCounters()).isNull();
            assertThat(destroy.startNanos()).isEqualTo(-1);
        }
    }

    @Test
    void eventTypesAndProtocolsFilter() throws Exception {
        ReaderOptions options = ReaderOptions.defaults().withNetns(ns.path())
                .withEventTypes(EnumSet.of(EventType.DESTROY)).withProtocols(EnumSet.of(Protocol.UDP));
        try (ConntrackReader reader = ConntrackReader.open(options)) {
            ns.tcpFlows("127.0.0.1", 1);
            List<Flow> udp = new ArrayList<>(ns.udpFlows("::1", 2, true));
            ns.flushConntrack();
            // a second flush: the sentinel's DESTROY comes after every event of the first
            Flow sentinel = ns.udpFlows("127.0.0.1", 1, false).get(0);
            udp.add(sentinel);
            ns.flushConntrack();

            List<ConntrackEvent> events = pollUntil(reader, got -> got.stream().anyMatch(e -> matches(e, sentinel)));

            assertThat(events).hasSize(3).allMatch(e -> e.type() == EventType.DESTROY && e.protocol() == Protocol.UDP);
            assertThat(events).allMatch(e -> udp.stream().anyMatch(f -> matches(e, f)));
            // the kernel sent the TCP DESTROY too (same group); the reader dropped it unallocated
            assertThat(reader.stats().ignored()).isEqualTo(1);
            assertThat(reader.stats().messagesReceived()).isEqualTo(4);
        }
    }

    @Test
    void badNamespacePathFailsNamingIt() {
        String missing = "/var/run/netns/ctd-does-not-exist-" + System.nanoTime();
        assertThatThrownBy(() -> ConntrackReader.open(ReaderOptions.defaults().withNetns(missing)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing);
        assertThatThrownBy(() -> ConntrackReader.open(ReaderOptions.defaults().withNetns("/etc/hostname")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/etc/hostname")
                .hasMessageContaining("not a network namespace");
    }

    @Test
    void kernelDropsAreCountedWhenTheBufferOverflows() throws Exception {
        int flows = 3000;
        ReaderOptions tiny = ReaderOptions.defaults().withNetns(ns.path()).withReceiveBufferSize(4096)
                .withEventTypes(EnumSet.of(EventType.NEW)).withProtocols(EnumSet.of(Protocol.UDP));
        try (ConntrackReader reader = ConntrackReader.open(tiny)) {
            assertThat(reader.kernelDrops()).isZero();

            ns.udpFlood("127.0.0.1", flows, 20000); // exactly `flows` NEW events while nobody reads

            List<ConntrackEvent> received = pollUntil(reader, got -> got.size() + kernelDrops(reader) >= flows);
            long drops = reader.kernelDrops();
            assertThat(drops).isPositive();
            assertThat(received.size() + drops).as("received + dropped").isEqualTo(flows);
            assertThat(reader.stats().kernelDrops()).isEqualTo(drops);
            assertThat(reader.stats().enobufs()).isZero(); // NETLINK_NO_ENOBUFS: the kernel just drops
        }
    }

    @Test
    void eventsAfterAThrowingSinkAreDeliveredByTheNextPoll() throws Exception {
        try (ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path())
                .withEventTypes(EnumSet.of(EventType.NEW)))) {
            ns.udpFlows("127.0.0.1", 5, false); // 5 NEW events queued before the first poll

            List<ConntrackEvent> events = new ArrayList<>();
            assertThatThrownBy(() -> reader.poll(e -> {
                events.add(e);
                throw new IllegalStateException("sink failed");
            })).hasMessage("sink failed");
            events.addAll(pollUntil(reader, got -> events.size() + got.size() >= 5));

            assertThat(events).hasSize(5).extracting(e -> e.original().sourcePort()).doesNotHaveDuplicates();
            assertThat(reader.stats().eventsDelivered()).isEqualTo(5);
        }
    }

    @Test
    void closeFromAnotherThreadEndsAPollingLoop() throws Exception {
        ConntrackReader reader = ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path())
                .withPollTimeout(Duration.ofMillis(100)));
        List<Throwable> failures = new ArrayList<>();
        Thread loop = new Thread(() -> {
            try {
                while (true) {
                    reader.poll(e -> { });
                }
            } catch (IOException e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        loop.start();
        Thread.sleep(250); // most likely inside a poll by now; the outcome is the same if not
        reader.close(); // waits for the poll in progress, at most the poll timeout
        loop.join(WAIT.toMillis());
        assertThat(loop.isAlive()).as("the polling loop ended").isFalse();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("closed"));
        assertThatThrownBy(reader::kernelDrops).hasMessageContaining("closed");
        reader.close(); // idempotent
    }

    private static List<ConntrackEvent> of(List<ConntrackEvent> events, Flow flow) {
        return events.stream().filter(e -> matches(e, flow)).toList();
    }

    private static boolean matches(ConntrackEvent e, Flow flow) {
        Tuple t = e.original();
        return e.protocol() == flow.protocol() && t.source().toString().equals(flow.source())
                && t.sourcePort() == flow.sourcePort() && t.destination().toString().equals(flow.destination())
                && t.destinationPort() == flow.destinationPort();
    }

    private static String signature(ConntrackEvent e) {
        return String.format(Locale.ROOT, "%s id=%d %s %s:%d>%s:%d %s", e.type().name().toLowerCase(Locale.ROOT),
                e.flowId(), e.protocol().name().toLowerCase(Locale.ROOT), e.original().source(),
                e.original().sourcePort(), e.original().destination(), e.original().destinationPort(),
                e.tcpState() == null ? "-" : e.tcpState().name());
    }

    private static String signature(KernelEvent k) {
        return String.format(Locale.ROOT, "%s id=%d %s %s:%d>%s:%d %s", k.type(), k.id(),
                k.protocol() == 6 ? "tcp" : k.protocol() == 17 ? "udp" : "proto" + k.protocol(), k.source(),
                k.sourcePort(), k.destination(), k.destinationPort(), k.state() == null ? "-" : k.state());
    }

    /** Polls until {@code done} holds for the events so far, or fails after {@link #WAIT}. */
    private static List<ConntrackEvent> pollUntil(ConntrackReader reader, Predicate<List<ConntrackEvent>> done)
            throws IOException {
        List<ConntrackEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.test(events)) {
            assertThat(System.nanoTime()).as("events so far: %s", events).isLessThan(deadline);
            reader.poll(events::add);
        }
        return events;
    }

    private static long kernelDrops(ConntrackReader reader) {
        try {
            return reader.kernelDrops();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
