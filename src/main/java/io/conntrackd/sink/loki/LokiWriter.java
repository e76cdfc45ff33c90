package io.conntrackd.sink.loki;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.support.RateLimitedLog;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches events into Loki pushes and pushes them in order, retrying temporary failures with backoff.
 * It never sleeps while events keep coming: a batch waiting for its retry time stays in the bounded
 * {@link PushBuffer} while new events are encoded behind it, so the sink's queue keeps draining; only
 * the push itself blocks (bounded by the HTTP timeout). Every event is counted once in
 * {@link SinkStats}: delivered (Loki answered 2xx), failed (refused, or retries used up) or dropped
 * (no room in the buffer, or never attempted before shutdown).
 *
 * <p>The worker thread calls write, idle and finish; the methods are synchronized because the sink
 * may call {@link #close()} from the stopping thread while a push is still in flight after the drain
 * deadline. close first closes the HTTP client, which ends that push at once (a Loki that accepts and
 * never answers would otherwise hold the shutdown for the whole timeout), then counts what is left.
 */
final class LokiWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LokiWriter.class);

    private final LokiLabels labels;
    private final EntryEncoder encoder;
    private final PushBuffer buffer;
    private final long batchWaitNanos;
    private final RetryPolicy retry;
    private final LokiPusher pusher;
    private final SinkStats stats;
    private final LokiPushStats pushStats;
    private final Ticker ticker;
    private final DoubleSupplier random;
    private final long[] lastTimestamp;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog retryLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private int failures;
    private long nextAttemptNanos;
    private boolean closed;

    LokiWriter(LokiLabels labels, boolean structuredMetadata, BatchLimits limits, RetryPolicy retry,
               LokiPusher pusher, SinkStats stats, LokiPushStats pushStats) {
        this(labels, structuredMetadata, limits, retry, pusher, stats, pushStats, Ticker.SYSTEM,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    LokiWriter(LokiLabels labels, boolean structuredMetadata, BatchLimits limits, RetryPolicy retry,
               LokiPusher pusher, SinkStats stats, LokiPushStats pushStats, Ticker ticker, DoubleSupplier random) {
        this.labels = labels;
        this.encoder = new EntryEncoder(structuredMetadata);
        this.buffer = new PushBuffer(limits.lines(), limits.bytes(), limits.bufferBytes(), labels.streamCount());
        this.batchWaitNanos = TimeUnit.MILLISECONDS.toNanos(limits.waitMillis());
        this.retry = retry;
        this.pusher = pusher;
        this.stats = stats;
        this.pushStats = pushStats;
        this.ticker = ticker;
        this.random = random;
        this.lastTimestamp = new long[labels.streamCount()];
        Arrays.fill(lastTimestamp, Long.MIN_VALUE);
        this.nextAttemptNanos = ticker.nanoTime();
    }

    @Override
    public boolean reportsOutcomes() {
        return true;
    }

    @Override
    public synchronized void write(List<ConntrackEvent> events) {
        if (closed) {
            stats.dropped(events.size());
            return;
        }
        long now = ticker.nanoTime();
        for (ConntrackEvent event : events) {
            add(event, now);
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
        buffer.sealIfOlderThan(batchWaitNanos, ticker.nanoTime());
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
                long now = ticker.nanoTime();
                long start = nextAttemptNanos - now > 0 ? nextAttemptNanos : now;
                if (deadlineNanos - start <= 0) {
                    break;
                }
                if (start != now) {
                    ticker.sleep(start - now);
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

    private void add(ConntrackEvent event, long now) {
        int stream = LokiLabels.streamIndex(event.type(), event.protocol());
        byte[] entry;
        try {
            entry = encoder.encode(event, timestamp(stream, event.receivedNanos()));
        } catch (Exception e) {
            stats.failed(1);
            failLog.warn(1, "{} events could not be encoded for Loki: {}", e.toString());
            return;
        }
        if (!buffer.add(stream, entry, now)) {
            stats.dropped(1);
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
        while ((head = buffer.head()) != null && ticker.nanoTime() - nextAttemptNanos >= 0) {
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
        long start = ticker.nanoTime();
        PushResult result = pusher.push(batch.body(labels));
        long took = ticker.nanoTime() - start;
        // A retry after a timeout may repeat entries that Loki stored: they carry the same timestamps,
        // so Loki ignores them as duplicates or, if it requires order, refuses them as out of order.
        // Our timestamps increase strictly per stream, so out of order on a retry means "already there".
        if (result.delivered() || (batch.attempts() > 1 && result.refusedAsOutOfOrder())) {
            buffer.removeHead();
            pushStats.pushed(LokiPushStats.Outcome.DELIVERED, batch.lines(), took);
            stats.delivered(batch.lines());
            stats.writeSucceeded();
            if (failures > 0) {
                LOG.info("Loki accepts pushes again, after {} failed attempts", failures);
            }
            failures = 0;
            return true;
        }
        stats.writeFailed("Loki push failed: " + result.describe());
        if (!result.retryable()) {
            buffer.removeHead();
            pushStats.pushed(LokiPushStats.Outcome.REFUSED, batch.lines(), took);
            stats.failed(batch.lines());
            failLog.warn(batch.lines(), "{} events refused by Loki, not retried: {}", result.describe());
            return true;
        }
        pushStats.pushed(LokiPushStats.Outcome.RETRYABLE, batch.lines(), took);
        failures++;
        long backoff = retry.backoffNanos(failures, random.getAsDouble());
        nextAttemptNanos = ticker.nanoTime() + backoff;
        if (retry.mayRetry(batch.attempts())) {
            retryLog.warn(1, "{} Loki pushes failed and will be retried (last: {} events, attempt {} of {},"
                    + " next in {} ms): {}", batch.lines(), batch.attempts(), retry.maxRetries() + 1,
                    TimeUnit.NANOSECONDS.toMillis(backoff), result.describe());
        } else {
            buffer.removeHead();
            stats.failed(batch.lines());
            failLog.warn(batch.lines(), "{} events failed: Loki push given up after {} attempts: {}",
                    batch.attempts(), result.describe());
        }
        return false;
    }

    /** Counts what is still held as failed (if a push was tried) or dropped, and logs it. */
    private void abandon() {
        buffer.seal();
        long failed = 0;
        long dropped = 0;
        while (buffer.head() != null) {
            PushBatch b = buffer.removeHead();
            if (b.attempts() > 0) {
                failed += b.lines();
            } else {
                dropped += b.lines();
            }
        }
        if (failed + dropped > 0) {
            stats.failed(failed);
            stats.dropped(dropped);
            LOG.warn("Loki sink stopped with {} events not delivered: {} failed to push, {} never attempted",
                    failed + dropped, failed, dropped);
        }
        pushStats.buffered(0, 0);
    }
}
