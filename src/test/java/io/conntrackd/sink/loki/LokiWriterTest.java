package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.FakeClock;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batching, ordering, retries and settlement, against a scripted pusher and a hand-driven clock. Every
 * test ends with no event settled twice or wrongly.
 */
class LokiWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RECEIVED = TestEvents.RECEIVED_NANOS;

    private final FakeClock clock = new FakeClock();
    private final FakePusher pusher = new FakePusher();
    private final SinkStats stats = new SinkStats("loki");
    private final LokiPushStats pushStats = new LokiPushStats(16 << 20);
    private final LokiLabels labels = LokiLabels.of("box", Map.of());

    private LokiWriter writer(int lines, long bytes, long bufferBytes, int maxRetries) {
        return new LokiWriter(labels, true, new BatchLimits(lines, bytes, 1000, bufferBytes),
                new Backoff(500, 4000, () -> 0.0), maxRetries, pusher, stats, pushStats, clock);
    }

    private LokiWriter writer(int lines) {
        return writer(lines, 1 << 20, 16 << 20, 3);
    }

    private static ConntrackEvent event(int flow, EventType type, Protocol protocol, long receivedNanos) {
        return TestEvents.builder(type, protocol, TestEvents.tuple("10.0.0.1", 40000 + flow % 20000, "10.0.0.2", 443))
                .flowId(flow).receivedNanos(receivedNanos).build();
    }

    /** Events of one stream whose entries have the same size (same number of digits everywhere). */
    private static List<ConntrackEvent> events(int from, int count) {
        List<ConntrackEvent> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(event(1_000_000 + i, EventType.NEW, Protocol.TCP, RECEIVED + i));
        }
        return list;
    }

    private long settled() {
        return stats.delivered() + stats.failed() + stats.dropped();
    }

    private void write(LokiWriter writer, List<ConntrackEvent> events) {
        writer.write(new EventBatch(events, stats));
    }

    @AfterEach
    void noEventWasSettledWrongly() {
        assertThat(stats.settlementErrors()).as(stats.toString()).isZero();
    }

    @Test
    void pushesFullBatchesAtOnceAndTheRestAfterTheWait() {
        LokiWriter w = writer(100);
        write(w, events(0, 250));
        assertThat(pusher.lines()).containsExactly(100, 100);

        clock.advance(999 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(2);
        clock.advance(MS);
        w.idle();
        assertThat(pusher.lines()).containsExactly(100, 100, 50);
        assertThat(stats.delivered()).isEqualTo(250);
    }

    @Test
    void aWriteAlsoPushesAnExpiredBatchWhenTheQueueNeverRunsEmpty() {
        LokiWriter w = writer(100);
        write(w, events(0, 1));
        clock.advance(1000 * MS);
        write(w, events(1, 1));
        assertThat(pusher.lines()).containsExactly(2);
    }

    @Test
    void pushesWhenTheBatchBytesAreReached() throws Exception {
        int entrySize = new EntryEncoder(true).encode(events(0, 1).get(0), RECEIVED, null).length;
        LokiWriter w = writer(1000, entrySize * 3L + 2, 1 << 20, 3);
        write(w, events(0, 10));
        assertThat(pusher.lines()).containsExactly(3, 3, 3);
    }

    @Test
    void groupsEntriesByStreamAndKeepsTimestampsStrictlyIncreasingWithinEach() throws Exception {
        LokiWriter w = writer(1000);
        List<ConntrackEvent> batch = new ArrayList<>();
        int flow = 0;
        for (EventType t : EventType.values()) {
            for (Protocol p : Protocol.values()) {
                batch.add(event(flow++, t, p, RECEIVED));
                batch.add(event(flow++, t, p, RECEIVED)); // same nanosecond
                batch.add(event(flow++, t, p, RECEIVED - 1_000)); // the clock stepped back
                batch.add(event(flow++, t, p, RECEIVED + 5_000));
            }
        }
        write(w, batch);
        write(w, List.of(event(flow, EventType.NEW, Protocol.TCP, RECEIVED))); // next batch, older than the last
        w.finish(clock.nanoTime() + 1000 * MS);

        Map<Map<String, String>, List<Long>> byStream = new HashMap<>();
        for (JsonNode body : pusher.bodies) {
            for (JsonNode stream : body.get("streams")) {
                Map<String, String> streamLabels = JSON.convertValue(stream.get("stream"), Map.class);
                for (JsonNode value : stream.get("values")) {
                    byStream.computeIfAbsent(streamLabels, k -> new ArrayList<>()).add(value.get(0).asLong());
                }
            }
        }
        assertThat(byStream).hasSize(6);
        for (Map.Entry<Map<String, String>, List<Long>> e : byStream.entrySet()) {
            List<Long> ts = e.getValue();
            for (int i = 1; i < ts.size(); i++) {
                assertThat(ts.get(i)).as("%s entry %d", e.getKey(), i).isGreaterThan(ts.get(i - 1));
            }
            assertThat(ts.get(0)).isEqualTo(RECEIVED);
            assertThat(ts.get(3)).isEqualTo(RECEIVED + 5_000);
        }
        assertThat(byStream.get(labels.stream(LokiLabels.streamIndex(EventType.NEW, Protocol.TCP))))
                .containsExactly(RECEIVED, RECEIVED + 1, RECEIVED + 2, RECEIVED + 5_000, RECEIVED + 5_001);
    }

    @Test
    void retriesATemporaryFailureAfterTheBackoffWithoutHoldingUpNewEvents() {
        LokiWriter w = writer(100);
        pusher.script(PushResult.answer(503, "Ingester not ready"));
        write(w, events(0, 100));
        assertThat(pusher.lines()).containsExactly(100);

        write(w, events(100, 100)); // accepted into the buffer; no push while the backoff runs
        clock.advance(499 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(1);
        assertThat(stats.delivered()).isZero();

        clock.advance(MS);
        w.idle();
        assertThat(pusher.lines()).containsExactly(100, 100, 100);
        assertThat(stats.delivered()).isEqualTo(200);
        assertThat(stats.failed()).isZero();
        assertThat(pusher.bodies.get(1)).as("the retry sends the same entries").isEqualTo(pusher.bodies.get(0));
    }

    @Test
    void retriesRateLimitsAndTransportErrorsWithGrowingBackoff() {
        LokiWriter w = writer(10);
        pusher.script(PushResult.answer(429, "rate limited"), PushResult.failure(new ConnectException("refused")));
        write(w, events(0, 10));
        clock.advance(500 * MS);
        w.idle();
        clock.advance(999 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(2);
        clock.advance(MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(3);
        assertThat(stats.delivered()).isEqualTo(10);
    }

    @Test
    void doesNotRetryABadRequestAndCountsItsEventsAsFailed() {
        LokiWriter w = writer(100);
        pusher.script(PushResult.answer(400, "entry out of order"));
        write(w, events(0, 200));
        assertThat(pusher.lines()).as("the next batch goes at once").containsExactly(100, 100);
        assertThat(stats.failed()).isEqualTo(100);
        assertThat(stats.delivered()).isEqualTo(100);
    }

    @Test
    void entriesOlderThanLokiAcceptsFailAndAreCountedAsTooOld() {
        LokiWriter w = writer(100);
        pusher.script(PushResult.answer(400, "entry for stream '{host=\"box\"}' has timestamp too old:"
                + " 2025-11-18T11:35:11Z, oldest acceptable timestamp is: 2025-11-18T11:35:12Z"));
        write(w, events(0, 200));
        assertThat(stats.failed()).isEqualTo(100);
        assertThat(stats.delivered()).isEqualTo(100);
        assertThat(pushStats.refusedOldEntries()).isEqualTo(100);
    }

    @Test
    void outOfOrderOnARetryMeansAnEarlierAttemptWasStored() {
        LokiWriter w = writer(10);
        pusher.script(PushResult.failure(new java.net.SocketTimeoutException("Read timed out")),
                PushResult.answer(400, "entry with timestamp 1 ignored, reason: 'entry out of order' for stream"),
                PushResult.answer(400, "entry with timestamp 1 ignored, reason: 'entry out of order' for stream"));
        write(w, events(0, 10));
        clock.advance(500 * MS);
        w.idle();
        assertThat(stats.delivered()).isEqualTo(10);

        write(w, events(10, 10)); // first attempt: out of order is a real refusal
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(pusher.lines()).hasSize(3);
    }

    @Test
    void givesUpAfterTheLastRetry() {
        LokiWriter w = writer(10, 1 << 20, 1 << 20, 2);
        pusher.always(PushResult.answer(500, "boom"));
        write(w, events(0, 10));
        for (int i = 0; i < 10; i++) {
            clock.advance(5000 * MS);
            w.idle();
        }
        assertThat(pusher.lines()).containsExactly(10, 10, 10);
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(settled()).isEqualTo(10);
    }

    @Test
    void dropsWhatDoesNotFitTheBufferAndCountsEveryEventOnce() throws Exception {
        int entrySize = new EntryEncoder(true).encode(events(0, 1).get(0), RECEIVED, null).length;
        LokiWriter w = writer(10, entrySize * 25L, entrySize * 25L, 3);
        pusher.always(PushResult.failure(new IOException("down")));
        write(w, events(0, 1000));
        assertThat(stats.dropped()).isEqualTo(1000 - 25);

        pusher.always(PushResult.answer(204, ""));
        clock.advance(10_000 * MS);
        w.finish(clock.nanoTime() + 1000 * MS);
        assertThat(stats.delivered()).isEqualTo(25);
        assertThat(settled()).isEqualTo(1000);
    }

    @Test
    void finishPushesWhatIsHeldBeforeTheDeadline() {
        LokiWriter w = writer(1000);
        write(w, events(0, 50));
        assertThat(pusher.lines()).isEmpty();
        w.finish(clock.nanoTime() + 1000 * MS);
        assertThat(pusher.lines()).containsExactly(50);
        assertThat(stats.delivered()).isEqualTo(50);
    }

    @Test
    void finishWaitsOutBackoffsButGivesUpAtTheDeadline() {
        LokiWriter w = writer(10, 1 << 20, 1 << 20, 100);
        pusher.always(PushResult.answer(503, ""));
        write(w, events(0, 30));
        long start = clock.nanoTime();
        w.finish(start + 2000 * MS);

        assertThat(clock.nanoTime() - start).isLessThanOrEqualTo(2000 * MS);
        // 500 + 1000 ms of backoff fit before the deadline, the next 2000 ms do not
        assertThat(pusher.lines()).containsExactly(10, 10, 10);
        assertThat(stats.failed()).as("attempted").isEqualTo(10);
        assertThat(stats.dropped()).as("never attempted").isEqualTo(20);
        w.close();
        assertThat(settled()).isEqualTo(30);
        assertThat(pusher.closed).isTrue();
    }

    @Test
    void countsEventsWrittenAfterCloseAsDropped() {
        LokiWriter w = writer(1000);
        write(w, events(0, 5));
        w.close();
        write(w, events(5, 5));
        w.finish(clock.nanoTime() + MS);
        assertThat(pusher.lines()).isEmpty();
        assertThat(stats.dropped()).isEqualTo(10);
    }

    @Test
    void settlesEveryEventExactlyOnceThroughRetriesRefusalsAndGivingUp() {
        LokiWriter w = writer(10, 1 << 20, 1 << 20, 1);
        pusher.script(PushResult.answer(503, ""), PushResult.answer(204, ""), // batch 1: retried, then delivered
                PushResult.answer(413, "too large"), // batch 2: refused for good
                PushResult.answer(500, ""), PushResult.answer(500, "")); // batch 3: given up after one retry
        write(w, events(0, 30));
        for (int i = 0; i < 4; i++) {
            clock.advance(5000 * MS);
            w.idle();
        }
        assertThat(pusher.lines()).containsExactly(10, 10, 10, 10, 10);
        assertThat(stats.delivered()).isEqualTo(10);
        assertThat(stats.failed()).isEqualTo(20);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.failure()).isEqualTo("Loki push given up after 2 attempts: HTTP 500");
        w.close();
        assertThat(settled()).isEqualTo(30);
    }

    @Test
    void aPusherThatThrowsLeavesItsBatchHeldAndSettledOnceLater() {
        RuntimeException bug = new IllegalStateException("a bug in the pusher");
        LokiPusher throwsOnce = new LokiPusher() {
            private boolean thrown;

            @Override
            public PushResult push(byte[] jsonBody) {
                if (!thrown) {
                    thrown = true;
                    throw bug;
                }
                return pusher.push(jsonBody);
            }

            @Override
            public void close() {
            }
        };
        LokiWriter throwing = new LokiWriter(labels, true, new BatchLimits(10, 1 << 20, 1000, 1 << 20),
                new Backoff(500, 4000, () -> 0.0), 3, throwsOnce, stats, pushStats, clock);
        EventBatch batch = new EventBatch(events(0, 10), stats);

        assertThatThrownBy(() -> throwing.write(batch)).isSameAs(bug);
        assertThat(batch.settleRemaining(Outcome.FAILED, bug.toString()))
                .as("the writer took every event before the push, so the worker has none to settle").isZero();
        throwing.finish(clock.nanoTime() + 1000 * MS);
        assertThat(stats.delivered()).isEqualTo(10);
        assertThat(settled()).isEqualTo(10);
    }

    /** Answers from a script (then 204), and keeps every body it was given. */
    static final class FakePusher implements LokiPusher {
        final List<JsonNode> bodies = new ArrayList<>();
        private final Deque<PushResult> script = new ArrayDeque<>();
        private PushResult always = PushResult.answer(204, "");
        boolean closed;

        void script(PushResult... results) {
            script.addAll(List.of(results));
        }

        void always(PushResult result) {
            always = result;
        }

        /** Entries per push, in order. */
        List<Integer> lines() {
            List<Integer> lines = new ArrayList<>();
            for (JsonNode body : bodies) {
                int n = 0;
                for (JsonNode stream : body.get("streams")) {
                    n += stream.get("values").size();
                }
                lines.add(n);
            }
            return lines;
        }

        @Override
        public PushResult push(byte[] jsonBody) {
            try {
                bodies.add(JSON.readTree(jsonBody));
            } catch (IOException e) {
                throw new AssertionError("the writer sent invalid JSON", e);
            }
            PushResult next = script.pollFirst();
            return next != null ? next : always;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
