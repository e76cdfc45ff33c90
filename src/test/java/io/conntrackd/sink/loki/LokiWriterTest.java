package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** Batching, ordering, retries and accounting, against a scripted pusher and a hand-driven clock. */
class LokiWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RECEIVED = TestEvents.RECEIVED_NANOS;

    private final FakeTicker ticker = new FakeTicker();
    private final FakePusher pusher = new FakePusher();
    private final SinkStats stats = new SinkStats("loki");
    private final LokiPushStats pushStats = new LokiPushStats(16 << 20);
    private final LokiLabels labels = LokiLabels.of("box", Map.of());

    private LokiWriter writer(int lines, long bytes, long bufferBytes, int maxRetries) {
        return new LokiWriter(labels, true, new BatchLimits(lines, bytes, 1000, bufferBytes),
                new RetryPolicy(maxRetries, 500, 4000), pusher, stats, pushStats, ticker, () -> 0.0);
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

    @Test
    void pushesFullBatchesAtOnceAndTheRestAfterTheWait() {
        LokiWriter w = writer(100);
        w.write(events(0, 250));
        assertThat(pusher.lines()).containsExactly(100, 100);

        ticker.advance(999 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(2);
        ticker.advance(MS);
        w.idle();
        assertThat(pusher.lines()).containsExactly(100, 100, 50);
        assertThat(stats.delivered()).isEqualTo(250);
    }

    @Test
    void aWriteAlsoPushesAnExpiredBatchWhenTheQueueNeverRunsEmpty() {
        LokiWriter w = writer(100);
        w.write(events(0, 1));
        ticker.advance(1000 * MS);
        w.write(events(1, 1));
        assertThat(pusher.lines()).containsExactly(2);
    }

    @Test
    void pushesWhenTheBatchBytesAreReached() throws Exception {
        int entrySize = new EntryEncoder(true).encode(events(0, 1).get(0), RECEIVED).length;
        LokiWriter w = writer(1000, entrySize * 3L + 2, 1 << 20, 3);
        w.write(events(0, 10));
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
        w.write(batch);
        w.write(List.of(event(flow, EventType.NEW, Protocol.TCP, RECEIVED))); // next batch, older than the last
        w.finish(ticker.nanoTime() + 1000 * MS);

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
        w.write(events(0, 100));
        assertThat(pusher.lines()).containsExactly(100);

        w.write(events(100, 100)); // accepted into the buffer; no push while the backoff runs
        ticker.advance(499 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(1);
        assertThat(stats.delivered()).isZero();

        ticker.advance(MS);
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
        w.write(events(0, 10));
        ticker.advance(500 * MS);
        w.idle();
        ticker.advance(999 * MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(2);
        ticker.advance(MS);
        w.idle();
        assertThat(pusher.lines()).hasSize(3);
        assertThat(stats.delivered()).isEqualTo(10);
    }

    @Test
    void doesNotRetryABadRequestAndCountsItsEventsAsFailed() {
        LokiWriter w = writer(100);
        pusher.script(PushResult.answer(400, "entry out of order"));
        w.write(events(0, 200));
        assertThat(pusher.lines()).as("the next batch goes at once").containsExactly(100, 100);
        assertThat(stats.failed()).isEqualTo(100);
        assertThat(stats.delivered()).isEqualTo(100);
    }

    @Test
    void outOfOrderOnARetryMeansAnEarlierAttemptWasStored() {
        LokiWriter w = writer(10);
        pusher.script(PushResult.failure(new java.net.SocketTimeoutException("Read timed out")),
                PushResult.answer(400, "entry with timestamp 1 ignored, reason: 'entry out of order' for stream"),
                PushResult.answer(400, "entry with timestamp 1 ignored, reason: 'entry out of order' for stream"));
        w.write(events(0, 10));
        ticker.advance(500 * MS);
        w.idle();
        assertThat(stats.delivered()).isEqualTo(10);

        w.write(events(10, 10)); // first attempt: out of order is a real refusal
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(pusher.lines()).hasSize(3);
    }

    @Test
    void givesUpAfterTheLastRetry() {
        LokiWriter w = writer(10, 1 << 20, 1 << 20, 2);
        pusher.always(PushResult.answer(500, "boom"));
        w.write(events(0, 10));
        for (int i = 0; i < 10; i++) {
            ticker.advance(5000 * MS);
            w.idle();
        }
        assertThat(pusher.lines()).containsExactly(10, 10, 10);
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(settled()).isEqualTo(10);
    }

    @Test
    void dropsWhatDoesNotFitTheBufferAndCountsEveryEventOnce() throws Exception {
        int entrySize = new EntryEncoder(true).encode(events(0, 1).get(0), RECEIVED).length;
        LokiWriter w = writer(10, entrySize * 25L, entrySize * 25L, 3);
        pusher.always(PushResult.failure(new IOException("down")));
        w.write(events(0, 1000));
        assertThat(stats.dropped()).isEqualTo(1000 - 25);

        pusher.always(PushResult.answer(204, ""));
        ticker.advance(10_000 * MS);
        w.finish(ticker.nanoTime() + 1000 * MS);
        assertThat(stats.delivered()).isEqualTo(25);
        assertThat(settled()).isEqualTo(1000);
    }

    @Test
    void finishPushesWhatIsHeldBeforeTheDeadline() {
        LokiWriter w = writer(1000);
        w.write(events(0, 50));
        assertThat(pusher.lines()).isEmpty();
        w.finish(ticker.nanoTime() + 1000 * MS);
        assertThat(pusher.lines()).containsExactly(50);
        assertThat(stats.delivered()).isEqualTo(50);
    }

    @Test
    void finishWaitsOutBackoffsButGivesUpAtTheDeadline() {
        LokiWriter w = writer(10, 1 << 20, 1 << 20, 100);
        pusher.always(PushResult.answer(503, ""));
        w.write(events(0, 30));
        long start = ticker.nanoTime();
        w.finish(start + 2000 * MS);

        assertThat(ticker.nanoTime() - start).isLessThanOrEqualTo(2000 * MS);
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
        w.write(events(0, 5));
        w.close();
        w.write(events(5, 5));
        w.finish(ticker.nanoTime() + MS);
        assertThat(pusher.lines()).isEmpty();
        assertThat(stats.dropped()).isEqualTo(10);
    }

    /** A clock that moves only when told to, or when the writer sleeps. */
    static final class FakeTicker implements Ticker {
        private long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            now += nanos;
        }

        void advance(long nanos) {
            now += nanos;
        }
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
