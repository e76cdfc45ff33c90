package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.Stderr;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** Settlement: each event exactly once, by whoever holds it last; a second or a missing one is caught. */
class EventBatchTest {

    private final SinkStats stats = new SinkStats("test");

    private static List<ConntrackEvent> events(int n) {
        List<ConntrackEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(i % 2 == 0 ? TestEvents.tcp4() : TestEvents.udp6());
        }
        return events;
    }

    @Test
    void countsEachEventOnceByItsOutcome() {
        EventBatch batch = new EventBatch(events(5), stats);
        batch.settle(0, Outcome.DELIVERED, null);
        batch.settle(3, Outcome.FAILED, "refused");

        assertThat(batch.settleRemaining(Outcome.DROPPED, "no room")).isEqualTo(3);
        assertThat(batch.settleRemaining(Outcome.DROPPED, "no room")).as("nothing is left").isZero();
        assertThat(batch.isSettled()).isTrue();
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.dropped()).isEqualTo(3);
        assertThat(stats.failure()).isEqualTo("refused");
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void aSecondSettlementIsCountedAndLoggedAndTheFirstOutcomeStands() {
        EventBatch batch = new EventBatch(events(2), stats);
        batch.settle(1, Outcome.DELIVERED, null);

        String log = Stderr.of(() -> batch.settle(1, Outcome.FAILED, "timed out"));

        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
        assertThat(stats.settlementErrors()).isEqualTo(1);
        assertThat(log).contains("ERROR", "1 events settled wrongly in sink test (a bug): event 1 of a batch of 2 was"
                + " settled twice: DELIVERED, then FAILED (timed out)");
    }

    @Test
    void aTicketSettlesLaterAndTwiceIsCaughtToo() {
        EventBatch batch = new EventBatch(events(3), stats);
        EventBatch.Ticket kept = batch.take(1);
        assertThat(batch.settleRemaining(Outcome.DELIVERED, null)).as("taken events are not remaining").isEqualTo(2);
        assertThat(batch.isSettled()).isFalse();

        kept.settle(Outcome.FAILED, "given up");
        kept.settle(Outcome.DELIVERED, null);

        assertThat(batch.isSettled()).isTrue();
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.settlementErrors()).isEqualTo(1);
    }

    @Test
    void takingASettledEventIsCaught() {
        EventBatch batch = new EventBatch(events(1), stats);
        batch.settle(0, Outcome.DELIVERED, null);
        batch.take(0);
        assertThat(stats.settlementErrors()).isEqualTo(1);
    }

    @Test
    void anEventThatIsNotDeliveredNeedsAReason() {
        EventBatch batch = new EventBatch(events(1), stats);
        assertThatThrownBy(() -> batch.settle(0, Outcome.DROPPED, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an event settled as DROPPED needs a reason");
        assertThat(batch.isSettled()).isFalse();
    }

    @Test
    void ticketsSettledOnOtherThreadsCompleteTheBatchOnce() throws Exception {
        int n = 1000;
        List<EventBatch> completed = new ArrayList<>();
        EventBatch batch = new EventBatch(events(n), stats, b -> {
            synchronized (completed) {
                completed.add(b);
            }
        });
        List<EventBatch.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tickets.add(batch.take(i));
        }
        ExecutorService acks = Executors.newFixedThreadPool(4); // like a producer's acknowledgement callbacks
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(acks.submit(() -> {
                    for (int i = first; i < n; i += 4) {
                        tickets.get(i).settle(Outcome.DELIVERED, null);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            acks.shutdownNow();
        }
        assertThat(stats.delivered()).isEqualTo(n);
        assertThat(completed).containsExactly(batch);
        assertThat(stats.settlementErrors()).isZero();
    }
}
