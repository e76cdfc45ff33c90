package io.conntrackd.sink.loki;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.support.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches events into Loki pushes and pushes them in order, retrying temporary failures with backoff.
 * It never sleeps while events keep coming: a batch waiting for its retry time stays in the bounded
 * {@link PushBuffer} while new events are encoded behind it, so the sink's queue keeps draining; only
 * the push itself blocks (bounded by the HTTP timeout).
 *
 * <p>It takes each buffered event from its {@link EventBatch} and settles it with its push: delivered
 * (Loki answered 2xx), failed (refused, or retries used up), or, when it stops, failed or dropped (never
 * attempted). Events that find no room in the buffer, or cannot be encoded, are settled at once.
 *
 * <p>The worker thread calls write, idle and finish; the methods are synchronized because the sink
 * may call {@link #close()} from the stopping thread while a push is still in flight after the drain
 * deadline. close first closes the HTTP client, which ends that push at once (a Loki that accepts and
 * never answers would otherwise hold the shutdown for the whole timeout), then settles what is left.
 */
final class LokiWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LokiWriter.class);

    private final LokiLabels labels;
    private final EntryEncoder encoder;
    private final PushBuffer buffer;
    private final long batchWaitNanos;
    private final Backoff backoff;
    private final int maxRetries;
    private final LokiPusher pusher;
    private final SinkStats stats;
    private final LokiPushStats pushStats;
    private final SinkClock clock;
    private final long[] lastTimestamp;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog retryLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private int failures;
    private long nextAttemptNanos;
    private boolean closed;

    /**
     * @param maxRetries retries of a push that failed temporarily, after its first attempt, before its
     *                   events fail
     * @param stats      the sink's stats, to mark a failed attempt for its health before the events settle
     */
    LokiWriter(LokiLabels labels, boolean structuredMetadata, BatchLimits limits, Backoff backoff, int maxRetries,
               LokiPusher pusher, SinkStats stats, LokiPushStats pushStats, SinkClock clock) {
        this.labels = labels;
        this.encoder = new EntryEncoder(structuredMetadata);
        this.buffer = new PushBuffer(limits.lines(), limits.bytes(), limits.bufferBytes(), labels.streamCount());
        this.batchWaitNanos = TimeUnit.MILLISECONDS.toNanos(limits.waitMillis());
        this.backoff = backoff;
        this.maxRetries = maxRetries;
        this.pusher = pusher;
        this.stats = stats;
        this.pushStats = pushStats;
        this.clock = clock;
        this.lastTimestamp = new long[labels.streamCount()];
        Arrays.fill(lastTimestamp, Long.MIN_VALUE);
        this.nextAttemptNanos = clock.nanoTime();
    }

    @Override
    public synchronized void write(EventBatch batch) {
        if (closed) {
            batch.settleRemaining(Outcome.DROPPED, "the Loki sink is closed");
            return;
        }
        long now = clock.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            add(batch, i, now);
        }
        buffer.sealIfOlderThan(batchWaitNanos, now);
        pushDue();
        pushStats.buffered(buffer.bufferedLines(), buffer.bufferedBytes());
    }

    @Override
    public synchronized void idle() {
        if (closed) {
            return;
        }
        buffer.sealIfOlderThan(batchWaitNanos, clock.nanoTime());
        pushDue();
        pushStats.buffered(buffer.bufferedLines(), buffer.bufferedBytes());
    }

    /** Pushes everything held, waiting out backoffs, until the deadline; then gives up the rest. */
    @Override
    public synchronized void finish(long deadlineNanos) {
        if (closed) {
            return;
        }
        buffer.seal();
        try {
            PushBatch head;
            while ((head = buffer.head()) != null) {
                long now = clock.nanoTime();
                long start = nextAttemptNanos - now > 0 ? nextAttemptNanos : now;
                if (deadlineNanos - start <= 0) {
                    break;
                }
                if (start != now) {
                    clock.sleep(start - now);
                }
                push(head);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandon();
    }

    @Override
    public void close() {
        pusher.close();
        synchronized (this) {
            if (!closed) {
                abandon();
                closed = true;
            }
        }
    }

    /** Encodes the event and buffers it, taking it from its batch; settles it at once if that fails. */
    private void add(EventBatch batch, int index, long now) {
        ConntrackEvent event = batch.events().get(index);
        int stream = LokiLabels.streamIndex(event.type(), event.protocol());
        byte[] entry;
        try {
            entry = encoder.encode(event, timestamp(stream, event.receivedNanos()), batch.line(index));
        } catch (Exception e) {
            batch.settle(index, Outcome.FAILED, "the event could not be encoded for Loki: " + e);
            return;
        }
        EventBatch.Ticket ticket = batch.take(index);
        if (!buffer.add(stream, entry, ticket, now)) {
            ticket.settle(Outcome.DROPPED, "the Loki buffer is full");
            dropLog.warn(1, "{} events dropped by the Loki sink: its buffer is full ({} bytes waiting for Loki)",
                    buffer.bufferedBytes());
        }
    }

    /**
     * The entry's timestamp: when the event was received, made strictly increasing within its stream,
     * because Loki refuses entries older than the stream's newest and the wall clock may step back.
     */
    private long timestamp(int stream, long receivedNanos) {
        long last = lastTimestamp[stream];
        long t = receivedNanos > last ? receivedNanos : last + 1;
        lastTimestamp[stream] = t;
        return t;
    }

    /** Pushes sealed batches, oldest first, while no backoff is pending. */
    private void pushDue() {
        PushBatch head;
        while ((head = buffer.head()) != null && clock.nanoTime() - nextAttemptNanos >= 0) {
            if (!push(head)) {
                return;
            }
        }
    }

    /**
     * Pushes the oldest batch once and settles it: delivered, refused for good, retried later, or given
     * up after the last retry.
     *
     * @return whether Loki answered for good, so the next batch may follow at once
     */
    private boolean push(PushBatch batch) {
        batch.attempted();
        long start = clock.nanoTime();
        PushResult result = pusher.push(batch.body(labels));
        long took = clock.nanoTime() - start;
        // A retry after a timeout may repeat entries that Loki stored: they carry the same timestamps,
        // so Loki ignores them as duplicates or, if it requires order, refuses them as out of order.
        // Our timestamps increase strictly per stream, so out of order on a retry means "already there".
        if (result.delivered() || (batch.attempts() > 1 && result.refusedAsOutOfOrder())) {
            buffer.removeHead();
            pushStats.pushed(LokiPushStats.Outcome.DELIVERED, batch.lines(), took);
            batch.settle(Outcome.DELIVERED, null);
            if (failures > 0) {
                LOG.info("Loki accepts pushes again, after {} failed attempts", failures);
            }
            failures = 0;
            return true;
        }
        if (!result.retryable()) {
            buffer.removeHead();
            pushStats.pushed(LokiPushStats.Outcome.REFUSED, batch.lines(), took);
            if (result.refusedAsTooOld()) {
                pushStats.refusedAsTooOld(batch.lines());
            }
            batch.settle(Outcome.FAILED, "refused by Loki, not retried: " + result.describe());
            return true;
        }
        stats.writeFailed("Loki push failed: " + result.describe());
        pushStats.pushed(LokiPushStats.Outcome.RETRYABLE, batch.lines(), took);
        failures++;
        long delay = backoff.delayNanos(failures);
        nextAttemptNanos = clock.nanoTime() + delay;
        if (batch.attempts() <= maxRetries) {
            retryLog.warn(1, "{} Loki pushes failed and will be retried (last: {} events, attempt {} of {},"
                    + " next in {} ms): {}", batch.lines(), batch.attempts(), maxRetries + 1,
                    TimeUnit.NANOSECONDS.toMillis(delay), result.describe());
        } else {
            buffer.removeHead();
            batch.settle(Outcome.FAILED, "Loki push given up after " + batch.attempts() + " attempts: "
                    + result.describe());
        }
        return false;
    }

    /** Settles what is still held as failed (if a push was tried) or dropped, and logs it. */
    private void abandon() {
        buffer.seal();
        long failed = 0;
        long dropped = 0;
        while (buffer.head() != null) {
            PushBatch b = buffer.removeHead();
            if (b.attempts() > 0) {
                failed += b.lines();
                b.settle(Outcome.FAILED, "a push was tried, but none succeeded before the sink stopped");
            } else {
                dropped += b.lines();
                b.settle(Outcome.DROPPED, "never pushed before the sink stopped");
            }
        }
        if (failed + dropped > 0) {
            LOG.warn("Loki sink stopped with {} events not delivered: {} failed to push, {} never attempted",
                    failed + dropped, failed, dropped);
        }
        pushStats.buffered(0, 0);
    }
}
