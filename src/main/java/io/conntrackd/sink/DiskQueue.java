package io.conntrackd.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.buffer.DiskLog;
import io.conntrackd.buffer.EventRecords;
import io.conntrackd.buffer.Locations;
import io.conntrackd.buffer.LogStats;
import io.conntrackd.buffer.Position;
import io.conntrackd.conntrack.AddressCache;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.support.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink's disk buffer ({@code buffer=DISK}): the events for the sink in a {@link DiskLog} of binary event
 * records in {@code bufferDirectory/SINK-ID}. The route appends (one write per exchange); the sink's worker
 * reads them back in order, hands them to the writer and releases them once settled, so that the log lets
 * them go only when the destination has them. Events found on disk at start are read first, with their
 * original times.
 */
final class DiskQueue implements AutoCloseable {

    /** Events the worker read and handed on as one batch: released together. */
    record Slice(Position end, int events) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DiskQueue.class);
    /** Segments small enough that acknowledged space comes back soon, few enough to keep the directory short. */
    private static final long MAX_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long MIN_SEGMENT_BYTES = 1024 * 1024;

    private final DiskLog log;
    private final Object arrived = new Object();
    private final LongAdder undecodable = new LongAdder();
    private final AddressCache addresses = new AddressCache();
    private final Locations locations = new Locations();
    private final RateLimitedLog undecodableLog = new RateLimitedLog(LOG, 60, TimeUnit.SECONDS);
    private List<ConntrackEvent> decoded;
    private Position lastRead;
    private int readSinceSlice;

    private DiskQueue(DiskLog log) {
        this.log = log;
    }

    /** Opens (or creates) the buffer of sink {@code sinkId} as {@code options} say. */
    static DiskQueue open(BufferedSinkConfiguration options, String sinkId) throws IOException {
        long maxBytes = options.getBufferMaxBytes();
        long segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
        return new DiskQueue(DiskLog.open(Path.of(options.getBufferDirectory(), sinkId), maxBytes, segmentBytes));
    }

    Path directory() {
        return log.directory();
    }

    LogStats stats() {
        return log.stats();
    }

    /** Events read back that were not events (a record of an unknown format): skipped, counted as corrupted. */
    long undecodable() {
        return undecodable.sum();
    }

    /** Adds an event; {@code false} if the buffer is full (it is counted there). Written at {@link #flush}. */
    boolean offer(ConntrackEvent event) {
        return log.append(event.receivedNanos() / 1_000_000, event, EventRecords::write);
    }

    /** Writes what was offered (one system call); returns how many events were lost because the write failed. */
    int flush() {
        int lost = log.flush();
        synchronized (arrived) {
            arrived.notifyAll();
        }
        return lost;
    }

    /** Why the last write failed (for example "No space left on device"), or {@code null}. */
    String writeError() {
        return log.stats().lastWriteError();
    }

    /** Waits up to {@code millis} for events to read; returns whether there are some. */
    boolean awaitEvents(long millis) throws InterruptedException {
        synchronized (arrived) {
            if (log.isReadToEnd()) {
                arrived.wait(millis);
            }
        }
        return !log.isReadToEnd();
    }

    /**
     * Reads up to {@code max} events, in order, into {@code into}; returns the slice to {@link #release} once
     * they are settled, or {@code null} if there were none.
     */
    Slice read(int max, List<ConntrackEvent> into) throws IOException {
        readSinceSlice = 0;
        decoded = into;
        log.read(max, this::decode);
        if (readSinceSlice == 0) {
            return null;
        }
        return new Slice(lastRead, readSinceSlice);
    }

    private void decode(long timeMillis, ByteBuffer payload, Position end) {
        lastRead = end;
        readSinceSlice++;
        try {
            decoded.add(EventRecords.read(payload, addresses, locations));
        } catch (RuntimeException e) {
            undecodable.increment();
            undecodableLog.warn(1, "{} records of disk buffer {} could not be read as events and were skipped: {}",
                    log.directory(), e.toString());
        }
    }

    /** The events of {@code slice} are settled: the buffer lets them go. */
    void release(Slice slice) {
        log.ack(slice.end(), slice.events());
    }

    /** Syncs what was written to the disk and lets acknowledged segments go; called at the sync interval. */
    void sync() throws IOException {
        log.sync();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
