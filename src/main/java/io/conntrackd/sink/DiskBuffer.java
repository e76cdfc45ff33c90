package io.conntrackd.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.conntrackd.buffer.LogStats;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.support.RateLimitedLog;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's disk buffer ({@code buffer=DISK}). The route's events go into the {@link DiskQueue} (one write
 * per exchange; an event that finds no room, or whose write fails, is counted as dropped), and a feeder
 * thread moves them from there to the sink's {@link SinkWorker}, in order, and releases them from the disk
 * once settled: the worker reports each batch it completed, oldest first, and
 * the events fed up to there are acknowledged. Only so many events are in the worker's hands at a time
 * ({@link #MAX_IN_FLIGHT}), so that a writer that holds events while its destination is down (Loki) never
 * has more than fits in its own buffer; the rest wait on disk.
 *
 * <p>Two threads: the feeder, and a timer that syncs the disk buffer at the sync interval. When the sink
 * stops, what was not delivered stays on disk and is sent first after the next start.
 */
final class DiskBuffer {

    /**
     * Events handed to the worker and not settled yet, at most: two of its write batches, far below what the
     * Loki sink's buffer holds, and few enough that the events read back do not pile up in the heap.
     */
    static final int MAX_IN_FLIGHT = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(DiskBuffer.class);
    private static final long IDLE_MILLIS = 100;

    /** The feeder's count of events fed when the slice was fed in full. */
    private record Mark(long fedAfter, DiskQueue.Slice slice) {
    }

    private final DiskQueue disk;
    private final long maxBytes;
    private final SinkWorker worker;
    private final SinkStats stats;
    private final int batchSize;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog syncLog = new RateLimitedLog(LOG, 60, TimeUnit.SECONDS);
    private final RateLimitedLog readLog = new RateLimitedLog(LOG, 60, TimeUnit.SECONDS);
    private long fed;
    private long released;
    private boolean releasing = true;
    private volatile boolean running;
    private ExecutorService thread;
    private ScheduledExecutorService syncTimer;

    DiskBuffer(DiskQueue disk, long maxBytes, SinkWorker worker, SinkStats stats, int batchSize) {
        this.disk = disk;
        this.maxBytes = maxBytes;
        this.worker = worker;
        this.stats = stats;
        this.batchSize = Math.min(batchSize, MAX_IN_FLIGHT);
    }

    /** From the route: buffers an event, written at {@link #flush()}; one that finds no room is dropped. */
    void offer(ConntrackEvent event) {
        stats.accepted(1);
        if (!disk.offer(event)) {
            stats.settled(Outcome.DROPPED, 1, "the disk buffer is full");
            dropLog.warn(1, "{} events dropped by sink {}: its disk buffer {} is full ({} of {} bytes)",
                    stats.sink(), disk.directory(), disk.stats().bytesOnDisk(), maxBytes);
        }
    }

    /** From the route, after the events of an exchange: writes them (one system call). */
    void flush() {
        int lost = disk.flush();
        if (lost > 0) {
            stats.settled(Outcome.DROPPED, lost, "writing the disk buffer failed: " + disk.writeError());
            dropLog.warn(lost, "{} events dropped by sink {}: writing its disk buffer {} failed: {}", stats.sink(),
                    disk.directory(), disk.writeError());
        }
    }

    Path directory() {
        return disk.directory();
    }

    LogStats stats() {
        return disk.stats();
    }

    /** Events on disk not released yet. */
    long events() {
        return disk.stats().recordsOnDisk();
    }

    /** Bytes of the buffer's files. */
    long bytes() {
        return disk.stats().bytesOnDisk();
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Seconds since the oldest event not released yet was buffered; 0 when there is none. */
    long oldestAgeSeconds() {
        long oldest = disk.stats().oldestTimeMillis();
        return oldest == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000);
    }

    /** Registers the disk buffer's meters (docs/metrics.md). */
    void addMeters(SinkMeters meters) {
        LogStats s = disk.stats();
        meters.gauge("conntrackd.sink.buffer.events", "Events in the sink's disk buffer not acknowledged yet", this,
                DiskBuffer::events);
        meters.gauge("conntrackd.sink.buffer.bytes", "Bytes of the sink's disk buffer files", this, DiskBuffer::bytes);
        meters.gauge("conntrackd.sink.buffer.capacity.bytes", "The most bytes the sink's disk buffer files take",
                this, DiskBuffer::maxBytes);
        meters.gauge("conntrackd.sink.buffer.oldest.age.seconds",
                "Age of the oldest event in the disk buffer not acknowledged yet (0: none)", this,
                DiskBuffer::oldestAgeSeconds);
        meters.counter("conntrackd.sink.buffer.written", "Events written to the disk buffer (and found there at start)",
                s, LogStats::written);
        meters.counter("conntrackd.sink.buffer.written.bytes", "Bytes of the events written to the disk buffer", s,
                LogStats::writtenBytes);
        meters.counter("conntrackd.sink.buffer.acknowledged",
                "Events released from the disk buffer: the destination has them (or refused them for good)", s,
                LogStats::acknowledged);
        meters.counter("conntrackd.sink.buffer.dropped", "Events the disk buffer had no room for, by reason", s,
                LogStats::droppedFull, "reason", "full");
        meters.counter("conntrackd.sink.buffer.dropped", "Events the disk buffer had no room for, by reason", s,
                LogStats::droppedWriteError, "reason", "write-error");
        meters.counter("conntrackd.sink.buffer.corrupted",
                "Damaged places in the disk buffer skipped (torn tails, damaged records or segments)", this,
                b -> b.disk.stats().corruptRegions() + b.disk.undecodable());
        meters.counter("conntrackd.sink.buffer.syncs", "Syncs of the disk buffer to the disk (fsync)", s,
                LogStats::syncs);
    }

    /**
     * Why the sink is degraded, for its health check: it buffers (the oldest event waits for
     * {@value SinkHealthCheck#STUCK_WRITE_SECONDS} s or more), its buffer is nearly full, or writing it fails.
     */
    List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        long age = oldestAgeSeconds();
        if (age >= SinkHealthCheck.STUCK_WRITE_SECONDS) {
            problems.add("buffering on disk: " + events() + " events (" + bytes() + " bytes), the oldest " + age
                    + " s old");
        }
        if (bytes() * 100 >= maxBytes * SinkEndpoint.SATURATED_PERCENT) {
            problems.add("the disk buffer is full to " + bytes() * 100 / maxBytes + "% (" + bytes() + " of " + maxBytes
                    + " bytes)");
        }
        String error = disk.writeError();
        if (error != null) {
            problems.add("writing the disk buffer " + disk.directory() + " fails: " + error);
        }
        return problems;
    }

    void start(ExecutorServiceManager executors, Object owner, String sinkId, long syncIntervalMillis) {
        running = true;
        thread = executors.newSingleThreadExecutor(owner, "ConntrackSinkBuffer-" + sinkId);
        thread.submit(this::feedLoop);
        syncTimer = executors.newSingleThreadScheduledExecutor(owner, "ConntrackSinkBufferSync-" + sinkId);
        syncTimer.scheduleWithFixedDelay(this::sync, syncIntervalMillis, syncIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The worker completed a batch of {@code events} (the oldest one not reported yet); {@code acknowledged}
     * says whether its events may leave the disk: every one delivered, or settled for good while the sink
     * ran. The first batch that may not stops all releases (they go in order), so that what a stopping sink
     * did not deliver is sent again after the next start.
     */
    synchronized void completed(int events, boolean acknowledged) {
        releasing &= acknowledged;
        if (!releasing) {
            return;
        }
        released += events;
        releaseMarks();
        notifyAll();
    }

    private void releaseMarks() {
        Mark head;
        while ((head = marks.peekFirst()) != null && head.fedAfter() <= released) {
            disk.release(marks.removeFirst().slice());
        }
    }

    private void feedLoop() {
        List<ConntrackEvent> events = new ArrayList<>(batchSize);
        try {
            while (running) {
                try {
                    feed(events);
                } catch (IOException | RuntimeException e) {
                    stats.writeFailed("reading the disk buffer failed: " + e);
                    readLog.warn(1, "{} times reading the disk buffer {} failed (tried again in 1 s): {}",
                            disk.directory(), e.toString());
                    Thread.sleep(IDLE_MILLIS * 10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    /** Hands the worker the next events on disk, as many as it has room for, or waits a little for some. */
    private void feed(List<ConntrackEvent> events) throws IOException, InterruptedException {
        int room = awaitRoom();
        if (room <= 0) {
            return;
        }
        events.clear();
        DiskQueue.Slice slice = disk.read(Math.min(room, batchSize), events);
        if (slice == null) {
            disk.awaitEvents(IDLE_MILLIS);
            return;
        }
        synchronized (this) {
            fed += events.size();
            marks.addLast(new Mark(fed, slice));
            releaseMarks(); // a slice of undecodable records only
        }
        for (ConntrackEvent e : events) {
            worker.put(e);
        }
    }

    /** Waits until the worker has room for more events; returns how many it may take now. */
    private synchronized int awaitRoom() throws InterruptedException {
        long inFlight = fed - released;
        if (inFlight >= MAX_IN_FLIGHT) {
            wait(IDLE_MILLIS);
            return 0;
        }
        return (int) (MAX_IN_FLIGHT - inFlight);
    }

    private void sync() {
        try {
            disk.sync();
        } catch (IOException | RuntimeException e) {
            syncLog.warn(1, "{} syncs of the disk buffer {} failed: {}", disk.directory(), e.toString());
        }
    }

    /** Stops feeding: events not fed stay on disk. Call before the worker stops, so it can drain what it has. */
    void stopFeeding() throws InterruptedException {
        running = false;
        if (thread != null) {
            stopWithoutInterrupt(thread); // its waits are short; it sees running and ends
            thread = null;
        }
    }

    /**
     * Shuts {@code executor} down and waits for its task to end, interrupting it only when that takes too long:
     * an interrupt in the middle of reading, writing or syncing a file closes the file's channel (NIO's
     * interruptible channels), and the buffer could then not write its records or record its acknowledged
     * position when it closes.
     */
    private static void stopWithoutInterrupt(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(IDLE_MILLIS * 10, TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(IDLE_MILLIS * 10, TimeUnit.MILLISECONDS);
        }
    }

    /** After the worker stopped: syncs and closes the disk buffer, recording what was acknowledged. */
    void close() throws IOException, InterruptedException {
        if (syncTimer != null) {
            stopWithoutInterrupt(syncTimer); // a sync in progress ends; the next one is not run
            syncTimer = null;
        }
        long left = disk.stats().recordsOnDisk();
        disk.close();
        if (left > 0) {
            LOG.info("Sink {}: {} events stay in the disk buffer {} and are sent after the next start",
                    stats.sink(), left, disk.directory());
        }
    }
}
