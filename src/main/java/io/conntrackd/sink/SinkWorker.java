package io.conntrackd.sink;

import io.conntrackd.support.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's bounded queue and the one thread that writes what is queued, letting the writer flush
 * ({@link SinkWriter#idle}) once the queue has stayed empty for a while. It belongs to the
 * {@link SinkEndpoint} (as seda's queue belongs to its endpoint), so every producer of the endpoint feeds
 * the same queue and the worker runs from the endpoint's start to its stop, whether or not an event has
 * come yet.
 */
final class SinkWorker {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWorker.class);
    private static final long IDLE_POLL_MILLIS = 100;
    /**
     * When the queue runs empty after a write of several events (a sign of load) the worker naps this long, up
     * to {@value #NAPS_BEFORE_WAITING} times, before it waits to be woken: under load the next events come
     * meanwhile and are taken many at a time, instead of a wake-up (a futex call on each side) for every few
     * events the route offers. After a single event, or none, it only waits: events that come one at a time
     * wake it once each, as before, not eleven times.
     */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int NAPS_BEFORE_WAITING = 10;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final SinkEndpoint endpoint;
    private final SinkStats stats;
    private final SinkWriter writer;
    private final BlockingQueue<QueuedEvent> queue;
    private final InFlight inFlight;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog flushLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private volatile boolean running;
    private volatile DiskBuffer disk;
    private volatile long stopDeadlineNanos;
    private volatile long writeStartedNanos = NOT_WRITING;
    private ExecutorService thread;

    SinkWorker(SinkEndpoint endpoint, SinkWriter writer) {
        this.endpoint = endpoint;
        this.stats = endpoint.getStats();
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(endpoint.getQueueSize());
        this.inFlight = new InFlight(stats, this::released);
    }

    void start(ExecutorServiceManager executors) {
        running = true;
        thread = executors.newSingleThreadExecutor(endpoint, "ConntrackSink-" + stats.sink());
        thread.submit(this::writeLoop);
    }

    /**
     * Queues the events of an exchange: never waits, unless whenFull=BLOCK; an event that finds no room, or
     * comes while the sink stops, is settled as dropped. They are counted as accepted at once, not one by one:
     * a count per event, from the route's thread, would share its cache line with the worker's or the
     * destination's counts of delivered events at every event.
     */
    void offerAll(List<QueuedEvent> events) {
        stats.accepted(events.size());
        for (QueuedEvent event : events) {
            enqueue(event);
        }
    }

    private void enqueue(QueuedEvent event) {
        boolean queued = queue.offer(event)
                || (endpoint.getWhenFull() == SinkEndpoint.WhenFull.BLOCK && awaitRoom(event));
        if (!running) { // stopping: what nobody took yet stays out of the queue
            if (!queued || queue.remove(event)) {
                stats.settled(Outcome.DROPPED, 1, "the sink is stopping");
            }
        } else if (!queued) {
            stats.settled(Outcome.DROPPED, 1, "the queue is full");
            dropLog.warn(1, "{} events dropped by sink {} because its queue ({} events) was full",
                    stats.sink(), endpoint.getQueueSize());
        }
    }

    /** Waits until the event fits in the queue, or the sink stops; returns whether it was queued. */
    private boolean awaitRoom(QueuedEvent event) {
        try {
            while (running) {
                if (queue.offer(event, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Tells {@code disk} of every batch that leaves, so that it releases the batch's events from the disk. */
    void releaseTo(DiskBuffer disk) {
        this.disk = disk;
    }

    /**
     * A batch left: the disk buffer may let its events go if they were delivered, or settled for good while the
     * sink ran (what a stopping sink did not deliver stays on disk for the next start).
     */
    private void released(EventBatch batch) {
        DiskBuffer d = disk;
        if (d != null) {
            d.completed(batch.size(), running || batch.isDelivered());
        }
    }

    /**
     * From the sink's disk buffer: queues an event, waiting for room while the sink runs (the event was
     * counted as accepted when it reached the buffer); one that is not queued stays on disk.
     */
    void put(ConntrackEvent event) throws InterruptedException {
        QueuedEvent queued = QueuedEvent.of(event);
        while (running && !queue.offer(queued, IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
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
     * {@link System#nanoTime()} value), interrupts it then, settles what is left in the queue as dropped,
     * closes the writer (which ends a write still in progress and settles what the writer holds) and logs
     * what became of the sink's events.
     */
    void stop(long deadlineNanos) throws Exception {
        stopDeadlineNanos = deadlineNanos;
        running = false;
        boolean writerReturned = true;
        if (thread != null) {
            thread.shutdown();
            long waitNanos = Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
            if (!thread.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
                thread.shutdownNow(); // a writer waiting to retry lets go; a blocked write ends when the writer closes
                writerReturned = thread.awaitTermination(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
            thread = null;
        }
        dropQueued();
        try {
            writer.close();
        } finally {
            dropHeld(writerReturned);
            logSummary();
        }
    }

    private void dropQueued() {
        List<QueuedEvent> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            stats.settled(Outcome.DROPPED, left.size(), "still queued at shutdown");
            LOG.warn("Sink {}: {} queued events were not delivered before shutdown", stats.sink(), left.size());
        }
    }

    /**
     * Settles as dropped what the writer still holds after it was closed: a write that did not end by then
     * holds its batch, and a writer that returned should have settled everything when it closed.
     */
    private void dropHeld(boolean writerReturned) {
        if (writerReturned) {
            int held = inFlight.dropOutstanding("held by the writer when it closed");
            if (held > 0) {
                stats.settlementError(held, held + " events were still held by the writer after it closed");
            }
        } else {
            int held = inFlight.dropOutstanding("in a write that had not ended at shutdown");
            if (held > 0) {
                LOG.warn("Sink {}: {} events of a write that had not ended were not delivered before shutdown",
                        stats.sink(), held);
            }
        }
    }

    private void logSummary() {
        long lost = stats.failed() + stats.dropped();
        String summary = "Sink {} stopped: {} events delivered, {} failed, {} dropped (of {} accepted)";
        Object[] args = {stats.sink(), stats.delivered(), stats.failed(), stats.dropped(), stats.accepted()};
        if (stats.settlementErrors() > 0) {
            LOG.error(summary + "; {} events were settled wrongly (a bug, see above)", stats.sink(), stats.delivered(),
                    stats.failed(), stats.dropped(), stats.accepted(), stats.settlementErrors());
        } else if (lost > 0) {
            LOG.warn(summary, args);
        } else {
            LOG.info(summary, args);
        }
    }

    private void writeLoop() {
        List<QueuedEvent> batch = new ArrayList<>(endpoint.getWriteBatchSize());
        boolean busy = false;
        while (true) {
            if (!running && (queue.isEmpty() || System.nanoTime() - stopDeadlineNanos > 0)) {
                finish(stopDeadlineNanos);
                return;
            }
            QueuedEvent first = poll(busy);
            if (first == null) {
                busy = false;
                idle();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, endpoint.getWriteBatchSize() - 1);
            busy = batch.size() > 1; // several events waited: more are likely to come within the naps
            write(batch);
            batch.clear();
        }
    }

    /** The next event; a busy worker naps before it waits, others just wait. */
    private QueuedEvent poll(boolean busy) {
        QueuedEvent event = queue.poll();
        for (int naps = 0; busy && event == null && running && naps < NAPS_BEFORE_WAITING; naps++) {
            LockSupport.parkNanos(NAP_NANOS);
            event = queue.poll();
        }
        try {
            return event != null || !running ? event : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
            return null;
        }
    }

    /**
     * Hands the events to the writer and settles what it left: as failed with the exception when it threw,
     * else as failed and a contract error.
     */
    private void write(List<QueuedEvent> events) {
        EventBatch batch = inFlight.open(events);
        writeStartedNanos = System.nanoTime();
        try {
            writer.write(batch);
            int unsettled = batch.settleRemaining(Outcome.FAILED, "the writer neither settled nor kept it");
            if (unsettled > 0) {
                stats.settlementError(unsettled, "the writer returned without settling " + unsettled + " of "
                        + batch.size() + " events");
            }
        } catch (Exception e) {
            batch.settleRemaining(Outcome.FAILED, e.toString());
        } finally {
            writeStartedNanos = NOT_WRITING;
            batch.forgetLines();
        }
    }

    private void idle() {
        try {
            writer.idle();
        } catch (Exception e) {
            stats.writeFailed(e.toString());
            flushLog.warn(1, "{} flushes failed in sink {}: {}", stats.sink(), e.toString());
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
