package io.conntrackd.sink;

import io.conntrackd.support.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's bounded queue and the one thread that writes what is queued, flushing whenever the queue
 * runs empty. It belongs to the {@link SinkEndpoint} (as seda's queue belongs to its endpoint), so every
 * producer of the endpoint feeds the same queue and the worker runs from the endpoint's start to its
 * stop, whether or not an event has come yet.
 */
final class SinkWorker {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWorker.class);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final SinkEndpoint endpoint;
    private final SinkStats stats;
    private final SinkWriter writer;
    private final BlockingQueue<ConntrackEvent> queue;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private volatile boolean running;
    private volatile long stopDeadlineNanos;
    private volatile long writeStartedNanos = NOT_WRITING;
    private ExecutorService thread;

    SinkWorker(SinkEndpoint endpoint, SinkWriter writer) {
        this.endpoint = endpoint;
        this.stats = endpoint.getStats();
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(endpoint.getQueueSize());
    }

    void start(ExecutorServiceManager executors) {
        running = true;
        thread = executors.newSingleThreadExecutor(endpoint, "ConntrackSink-" + stats.sink());
        thread.submit(this::writeLoop);
    }

    /** Queues an event: never waits, unless whenFull=BLOCK; an event that finds no room is counted as dropped. */
    void offer(ConntrackEvent event) {
        stats.accepted(1);
        if (queue.offer(event)) {
            return;
        }
        if (endpoint.getWhenFull() == SinkEndpoint.WhenFull.BLOCK && running) {
            try {
                queue.put(event);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stats.dropped(1);
        dropLog.warn(1, "{} events dropped by sink {} because its queue ({} events) was full",
                stats.sink(), endpoint.getQueueSize());
    }

    /**
     * From the sink's disk buffer: queues an event, waiting for room while the sink runs (the event was
     * counted as accepted when it reached the buffer); one that is not queued stays on disk.
     */
    void put(ConntrackEvent event) throws InterruptedException {
        while (running && !queue.offer(event, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            // the worker is writing; the disk buffer keeps the rest
        }
    }

    int queued() {
        return queue.size();
    }

    /** {@link System#nanoTime()} when the write in progress started, or empty when the worker is not writing. */
    OptionalLong writingSinceNanos() {
        long started = writeStartedNanos;
        return started == NOT_WRITING ? OptionalLong.empty() : OptionalLong.of(started);
    }

    /**
     * Stops taking events, lets the worker write what is queued until {@code deadlineNanos} (a
     * {@link System#nanoTime()} value), interrupts it then, counts what is left as dropped, closes the
     * writer (which ends a write still in progress) and logs what became of the sink's events.
     */
    void stop(long deadlineNanos) throws Exception {
        stopDeadlineNanos = deadlineNanos;
        running = false;
        if (thread != null) {
            thread.shutdown();
            long waitNanos = Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
            if (!thread.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
                thread.shutdownNow(); // a writer waiting to retry lets go; a blocked write ends when the writer closes
                thread.awaitTermination(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            thread = null;
        }
        int left = queue.size();
        if (left > 0) {
            queue.clear();
            stats.dropped(left);
            LOG.warn("Sink {}: {} queued events were not delivered before shutdown", stats.sink(), left);
        }
        try {
            writer.close();
        } finally {
            logSummary();
        }
    }

    private void logSummary() {
        long lost = stats.failed() + stats.dropped();
        String summary = "Sink {} stopped: {} events delivered, {} failed, {} dropped (of {} accepted)";
        Object[] args = {stats.sink(), stats.delivered(), stats.failed(), stats.dropped(), stats.accepted()};
        if (lost > 0) {
            LOG.warn(summary, args);
        } else {
            LOG.info(summary, args);
        }
    }

    private void writeLoop() {
        List<ConntrackEvent> batch = new ArrayList<>(endpoint.getWriteBatchSize());
        while (true) {
            if (!running && (queue.isEmpty() || System.nanoTime() - stopDeadlineNanos > 0)) {
                finish(stopDeadlineNanos);
                return;
            }
            ConntrackEvent first = poll();
            if (first == null) {
                idle();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, endpoint.getWriteBatchSize() - 1);
            write(batch);
            batch.clear();
        }
    }

    private ConntrackEvent poll() {
        try {
            ConntrackEvent e = queue.poll();
            return e != null || !running ? e : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
            return null;
        }
    }

    private void write(List<ConntrackEvent> batch) {
        writeStartedNanos = System.nanoTime();
        try {
            writer.write(batch);
            if (!writer.reportsOutcomes()) {
                stats.delivered(batch.size());
                stats.writeSucceeded();
            }
        } catch (PartialWriteException e) {
            countFailures(batch.size(), e.failed(), e.getMessage());
        } catch (Exception e) {
            countFailures(batch.size(), batch.size(), e.toString());
        } finally {
            writeStartedNanos = NOT_WRITING;
        }
    }

    private void countFailures(int batchSize, int failed, String reason) {
        if (!writer.reportsOutcomes()) {
            stats.delivered(batchSize - failed);
            stats.failed(failed);
            stats.writeFailed(reason);
        }
        failLog.warn(failed, "{} events could not be written by sink {}: {}", stats.sink(), reason);
    }

    private void idle() {
        try {
            writer.idle();
        } catch (Exception e) {
            stats.writeFailed(e.toString());
            failLog.warn(1, "{} flushes failed in sink {}: {}", stats.sink(), e.toString());
        }
    }

    private void finish(long deadlineNanos) {
        try {
            writer.finish(deadlineNanos);
        } catch (Exception e) {
            LOG.warn("Sink {}: the final flush failed: {}", stats.sink(), e.toString());
        }
    }
}
