package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink with buffer=DISK around a stand-in destination that holds what it is given while "down" and
 * acknowledges it when "up", as the Loki writer does: events leave the disk only once acknowledged, at most
 * {@value DiskBuffer#MAX_IN_FLIGHT} are in the writer's hands, what a stopping sink did not deliver is sent
 * first after the next start, and a full buffer drops and counts.
 */
class DiskBufferTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final CamelContext camel = new DefaultCamelContext();

    /** Holds the events it is given until it is up; then acknowledges them in order. */
    private static final class Destination implements SinkWriter {
        final List<ConntrackEvent> delivered = new ArrayList<>();
        final List<EventBatch.Ticket> held = new ArrayList<>();
        final List<ConntrackEvent> heldEvents = new ArrayList<>();
        volatile boolean up;

        @Override
        public synchronized void write(EventBatch batch) {
            for (int i = 0; i < batch.size(); i++) {
                held.add(batch.take(i));
                heldEvents.add(batch.events().get(i));
            }
            idle();
        }

        @Override
        public synchronized void idle() {
            if (up) {
                held.forEach(t -> t.settle(Outcome.DELIVERED, null));
                delivered.addAll(heldEvents);
                held.clear();
                heldEvents.clear();
            }
        }

        @Override
        public synchronized void close() {
            held.forEach(t -> t.settle(Outcome.DROPPED, "never delivered before the sink stopped"));
            held.clear();
            heldEvents.clear();
        }

        synchronized int held() {
            return held.size();
        }

        synchronized List<ConntrackEvent> delivered() {
            return List.copyOf(delivered);
        }
    }

    private final class TestSink extends SinkEndpoint {
        final Destination destination = new Destination();

        TestSink(long maxBytes) {
            this(configuration(maxBytes));
        }

        TestSink(BufferedSinkConfiguration configuration) {
            super("test:sink", null, "test", configuration);
            setCamelContext(camel);
        }

        @Override
        protected SinkWriter createWriter() {
            return destination;
        }
    }

    private BufferedSinkConfiguration configuration(long maxBytes) {
        BufferedSinkConfiguration c = new BufferedSinkConfiguration();
        c.setBuffer(BufferedSinkConfiguration.Buffer.DISK);
        c.setBufferDirectory(dir.toString());
        c.setBufferMaxBytes(maxBytes);
        c.setBufferSyncInterval(10);
        c.setDrainTimeout(100);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private static List<ConntrackEvent> events(int count, int firstPort) {
        List<ConntrackEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestEvents.event(EventType.NEW, Protocol.UDP, "10.0.0.1", firstPort + i, "10.0.0.2", 53));
        }
        return events;
    }

    private static void route(TestSink sink, List<ConntrackEvent> events) {
        DiskBuffer disk = sink.diskBuffer();
        events.forEach(disk::offer);
        disk.flush();
    }

    @Test
    void eventsLeaveTheDiskOnlyOnceTheDestinationAcknowledgedThemInOrder() throws Exception {
        TestSink sink = new TestSink(1 << 30);
        sink.start();
        List<ConntrackEvent> events = events(3, 1000);
        route(sink, events);
        Await.until("the writer holding the events", sink.destination::held, n -> n == 3, WAIT);
        DiskBuffer disk = sink.diskBuffer();
        assertThat(disk.events()).isEqualTo(3);
        assertThat(disk.directory()).isEqualTo(dir.resolve("test"));

        sink.destination.up = true;
        Await.until("the events delivered", sink.destination::delivered, d -> d.size() == 3, WAIT);
        assertThat(sink.destination.delivered()).isEqualTo(events);
        Await.until("the disk buffer emptied", disk::events, n -> n == 0, WAIT);
        assertThat(disk.stats().acknowledged()).isEqualTo(3);
        assertThat(sink.getStats().accepted()).isEqualTo(3);
        assertThat(sink.getStats().delivered()).isEqualTo(3);
        sink.stop();
    }

    @Test
    void atMost2048EventsAreInTheWritersHandsTheRestWaitOnDisk() throws Exception {
        TestSink sink = new TestSink(1 << 30);
        sink.start();
        route(sink, events(10_000, 1));
        Await.until("the writer full", sink.destination::held, n -> n == 2048, WAIT);
        assertThat(sink.diskBuffer().events()).isEqualTo(10_000);
        assertThat(sink.getQueued()).isZero();

        sink.destination.up = true;
        Await.until("every event delivered", () -> sink.destination.delivered().size(), n -> n == 10_000, WAIT);
        Await.until("the disk buffer emptied", sink.diskBuffer()::events, n -> n == 0, WAIT);
        sink.stop();
    }

    @Test
    void whatAStoppingSinkDidNotDeliverIsSentFirstAfterTheNextStartWithItsOriginalTime() throws Exception {
        TestSink first = new TestSink(1 << 30);
        first.start();
        List<ConntrackEvent> before = events(5, 2000);
        route(first, before);
        Await.until("the writer holding the events", first.destination::held, n -> n == 5, WAIT);
        first.stop();
        assertThat(first.getStats().dropped()).as("not delivered in that run").isEqualTo(5);

        TestSink second = new TestSink(1 << 30);
        second.destination.up = true;
        second.start();
        assertThat(second.getStats().accepted()).as("found on disk").isEqualTo(5);
        List<ConntrackEvent> after = events(1, 3000);
        route(second, after);
        Await.until("every event delivered", () -> second.destination.delivered().size(), n -> n == 6, WAIT);
        List<ConntrackEvent> expected = new ArrayList<>(before);
        expected.addAll(after);
        assertThat(second.destination.delivered()).isEqualTo(expected);
        assertThat(second.destination.delivered().get(0).receivedNanos()).isEqualTo(TestEvents.RECEIVED_NANOS);
        second.stop();
    }

    @Test
    void aFullBufferDropsNewEventsAndCountsThem() throws Exception {
        TestSink sink = new TestSink(1 << 20);
        sink.start();
        route(sink, events(30_000, 1)); // ~60 bytes each: twice what 1 MiB holds
        DiskBuffer disk = sink.diskBuffer();
        long dropped = disk.stats().droppedFull();
        assertThat(dropped).isPositive();
        assertThat(sink.getStats().dropped()).isEqualTo(dropped);
        assertThat(disk.events()).isEqualTo(30_000 - dropped);
        assertThat(disk.bytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(disk.healthProblems()).anyMatch(p -> p.startsWith("the disk buffer is full to"));

        sink.destination.up = true;
        Await.until("the disk buffer emptied", disk::events, n -> n == 0, WAIT);
        Await.until("its files deleted at the next sync", disk::bytes, n -> n == 0, WAIT);
        route(sink, events(10, 40_000));
        Await.until("new events delivered", () -> sink.destination.delivered().size(), n -> n == 30_000 - dropped + 10,
                WAIT);
        sink.stop();
    }

    /**
     * Stopped while its timer syncs (every millisecond here, just after new events were written), a sink closes its
     * files without an error and records how far delivery got: what the next start finds on disk was never
     * delivered.
     */
    @Test
    void aSinkStoppedWhileItsBufferSyncsClosesCleanlyAndRecordsHowFarDeliveryGot() throws Exception {
        BufferedSinkConfiguration syncingAlways = configuration(1 << 30);
        syncingAlways.setBufferSyncInterval(1);
        List<ConntrackEvent> delivered = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            TestSink sink = new TestSink(syncingAlways);
            sink.destination.up = true;
            sink.start();
            route(sink, events(200, 1000 * round));
            Thread.sleep(round % 5); // stop at different points of the timer's syncs

            sink.stop(); // throws if closing the buffer's files fails
            delivered.addAll(sink.destination.delivered());
        }
        TestSink last = new TestSink(syncingAlways);
        last.destination.up = true;
        last.start();
        long left = last.getStats().accepted();
        Await.until("what was left delivered", () -> last.destination.delivered().size(), n -> n == left, WAIT);
        delivered.addAll(last.destination.delivered());
        last.stop();
        assertThat(delivered).hasSize(30 * 200).doesNotHaveDuplicates();
    }
}
