package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's side of settlement: what a writer leaves, throws on or keeps is settled exactly once, a
 * writer that breaks the contract is caught, whenFull=BLOCK loses nothing, and shutdown accounts for every
 * event. Writers here are stand-ins; each real writer has its own settlement tests.
 */
class SinkWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CamelContext camel = new DefaultCamelContext();
    private final ExecutorService acknowledgements = Executors.newSingleThreadExecutor();

    /** A sink around a given writer. */
    private final class TestSink extends SinkEndpoint {

        private final SinkWriter writer;

        TestSink(SinkWriter writer) {
            super("test:sink", null, "test", new SinkConfiguration());
            this.writer = writer;
            setCamelContext(camel);
            getConfiguration().setDrainTimeout(200);
        }

        @Override
        protected SinkWriter createWriter() {
            return writer;
        }
    }

    @AfterEach
    void stop() throws Exception {
        acknowledgements.shutdownNow();
        camel.close();
    }

    private static void offer(SinkEndpoint sink, ConntrackEvent... events) {
        for (ConntrackEvent e : events) {
            sink.worker().offerAll(List.of(QueuedEvent.of(e)));
        }
    }

    private static SinkStats settled(SinkEndpoint sink, long events) throws IOException {
        SinkStats stats = sink.getStats();
        return Await.until(events + " events settled", () -> stats,
                s -> s.delivered() + s.failed() + s.dropped() >= events, WAIT);
    }

    @Test
    void aBatchPartlySettledBeforeTheWriterThrowsCountsEachEventOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        TestSink sink = new TestSink(batch -> {
            gate.await(10, TimeUnit.SECONDS);
            batch.settle(1, Outcome.DELIVERED, null);
            throw new IOException("connection reset");
        });
        sink.start();
        offer(sink, TestEvents.tcp4()); // the first write, held at the gate
        Await.until("the first write", sink::writingSinceNanos, w -> w.isPresent(), WAIT);
        offer(sink, TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()); // the next write: one batch
        gate.countDown();
        SinkStats stats = settled(sink, 4);
        sink.stop();

        assertThat(stats.delivered()).as(stats.toString()).isEqualTo(1);
        assertThat(stats.failed()).as(stats.toString()).isEqualTo(3);
        assertThat(stats.failure()).isEqualTo("java.io.IOException: connection reset");
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void aWriterThatReturnsWithoutSettlingIsCaughtAndItsEventsFail() throws Exception {
        TestSink sink = new TestSink(batch -> { });
        sink.start();
        offer(sink, TestEvents.tcp4(), TestEvents.udp6());
        SinkStats stats = settled(sink, 2);
        sink.stop();

        assertThat(stats.failed()).isEqualTo(2);
        assertThat(stats.settlementErrors()).isEqualTo(2);
        assertThat(stats.failure()).isEqualTo("the writer neither settled nor kept it");
    }

    @Test
    void aWriterThatSettlesTwiceIsCaughtAndTheFirstOutcomeCounts() throws Exception {
        TestSink sink = new TestSink(batch -> {
            batch.settleRemaining(Outcome.DELIVERED, null);
            batch.settle(0, Outcome.FAILED, "a late error");
        });
        sink.start();
        offer(sink, TestEvents.tcp4());
        SinkStats stats = settled(sink, 1);
        Await.until("the second settlement", () -> stats, s -> s.settlementErrors() > 0, WAIT);
        sink.stop();

        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
        assertThat(stats.settlementErrors()).isEqualTo(1);
    }

    @Test
    void eventsAWriterKeepsAreSettledLaterOnAnotherThread() throws Exception {
        TestSink sink = new TestSink(batch -> {
            for (int i = 0; i < batch.size(); i++) {
                EventBatch.Ticket ticket = batch.take(i);
                acknowledgements.submit(() -> ticket.settle(Outcome.DELIVERED, null)); // like a producer callback
            }
        });
        sink.start();
        offer(sink, TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4());
        SinkStats stats = settled(sink, 3);
        sink.stop();

        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void eventsAWriterStillHoldsAfterItClosedAreDroppedAndCaught() throws Exception {
        List<EventBatch.Ticket> kept = new ArrayList<>();
        TestSink sink = new TestSink(batch -> {
            for (int i = 0; i < batch.size(); i++) {
                synchronized (kept) {
                    kept.add(batch.take(i));
                }
            }
        });
        sink.start();
        offer(sink, TestEvents.tcp4(), TestEvents.udp6());
        Await.until("both events kept", () -> kept, k -> {
            synchronized (k) {
                return k.size() == 2;
            }
        }, WAIT);
        sink.stop();

        SinkStats stats = sink.getStats();
        assertThat(stats.dropped()).isEqualTo(2);
        assertThat(stats.settlementErrors()).isEqualTo(2);
        kept.get(0).settle(Outcome.DELIVERED, null); // too late: counted as a second settlement
        assertThat(stats.delivered()).isZero();
        assertThat(stats.settlementErrors()).isEqualTo(3);
    }

    /** A started sink of queue size 1 whose writer holds a first event and whose queue holds a second. */
    private TestSink fullSink(SinkEndpoint.WhenFull whenFull, SinkWriter writer) throws Exception {
        TestSink sink = new TestSink(writer);
        sink.getConfiguration().setQueueSize(1);
        sink.getConfiguration().setWhenFull(whenFull);
        sink.start();
        offer(sink, TestEvents.tcp4()); // taken by the writer, which holds on to it
        Await.until("the first write", sink::writingSinceNanos, w -> w.isPresent(), WAIT);
        offer(sink, TestEvents.udp6()); // fills the queue
        return sink;
    }

    /** A writer that delivers once the gate opens. */
    private static SinkWriter deliversAfter(CountDownLatch gate) {
        return batch -> {
            gate.await(10, TimeUnit.SECONDS);
            batch.settleRemaining(Outcome.DELIVERED, null);
        };
    }

    /** A thread offering a third event to a full sink, once it waits for room. */
    private static Thread blockedProducer(SinkEndpoint sink) throws IOException {
        Thread blocked = new Thread(() -> offer(sink, TestEvents.tcp4()), "blocked-producer");
        blocked.start();
        Await.until("the producer waiting for room", blocked::getState, s -> s == Thread.State.TIMED_WAITING, WAIT);
        return blocked;
    }

    @Test
    void whenFullBlockWaitsForRoomAndLosesNothing() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        TestSink sink = fullSink(SinkEndpoint.WhenFull.BLOCK, deliversAfter(gate));

        Thread blocked = blockedProducer(sink);
        assertThat(blocked.isAlive()).as("the third event waits for room").isTrue();
        assertThat(sink.getStats().dropped()).isZero();

        gate.countDown();
        blocked.join(WAIT.toMillis());
        SinkStats stats = settled(sink, 3);
        sink.stop();
        assertThat(blocked.isAlive()).isFalse();
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.dropped()).isZero();
    }

    @Test
    void whenFullDropDropsWhatFindsNoRoomAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        TestSink sink = fullSink(SinkEndpoint.WhenFull.DROP, deliversAfter(gate));

        offer(sink, TestEvents.tcp4());

        assertThat(sink.getStats().dropped()).isEqualTo(1);
        gate.countDown();
        SinkStats stats = settled(sink, 3);
        sink.stop();
        assertThat(stats.delivered()).isEqualTo(2);
    }

    @Test
    void shutdownSettlesTheWriteInProgressTheQueueAndABlockedProducerOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        // lets go when interrupted at the drain deadline
        TestSink sink = fullSink(SinkEndpoint.WhenFull.BLOCK, batch -> never.await(1, TimeUnit.MINUTES));
        Thread blocked = blockedProducer(sink);

        sink.stop();
        blocked.join(WAIT.toMillis());

        SinkStats stats = sink.getStats();
        assertThat(blocked.isAlive()).isFalse();
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(stats.failed()).as("the write interrupted at the deadline").isEqualTo(1);
        assertThat(stats.dropped()).as("the queued event and the one waiting for room").isEqualTo(2);
        assertThat(stats.delivered()).isZero();
        assertThat(stats.settlementErrors()).isZero();
    }
}
