package io.conntrackd.buffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a disk log holds and what became of its records, readable from any thread (for metrics and health).
 * Records found on disk at start count as written.
 */
public final class LogStats {

    final LongAdder written = new LongAdder();
    final LongAdder writtenBytes = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder droppedFull = new LongAdder();
    final LongAdder droppedWriteError = new LongAdder();
    final LongAdder corruptRegions = new LongAdder();
    final LongAdder corruptBytes = new LongAdder();
    final LongAdder syncs = new LongAdder();
    final AtomicLong bytesOnDisk = new AtomicLong();
    final AtomicLong recordsOnDisk = new AtomicLong();
    volatile long oldestTimeMillis;
    volatile String lastWriteError;

    /** Records appended and written to a segment (and, at start, the records found on disk). */
    public long written() {
        return written.sum();
    }

    /** Bytes of those records, headers included. */
    public long writtenBytes() {
        return writtenBytes.sum();
    }

    /** Records released because their destination acknowledged them. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Records refused because the log had reached its byte limit. */
    public long droppedFull() {
        return droppedFull.sum();
    }

    /** Records lost because writing them failed (for example the disk was full). */
    public long droppedWriteError() {
        return droppedWriteError.sum();
    }

    /** Damaged places skipped when reading (a torn tail, a damaged record or segment); each lost one record or more. */
    public long corruptRegions() {
        return corruptRegions.sum();
    }

    /** Bytes skipped in those places. */
    public long corruptBytes() {
        return corruptBytes.sum();
    }

    /** Times the log was synced to the disk (fsync) because something had been written since. */
    public long syncs() {
        return syncs.sum();
    }

    /** Bytes of the segment files not deleted yet, headers and records already acknowledged included. */
    public long bytesOnDisk() {
        return bytesOnDisk.get();
    }

    /** Records on disk not acknowledged yet. */
    public long recordsOnDisk() {
        return Math.max(0, recordsOnDisk.get());
    }

    /** Time of the oldest record not acknowledged yet, in milliseconds since the epoch, or 0 when there is none. */
    public long oldestTimeMillis() {
        return oldestTimeMillis;
    }

    /** Why the last write failed, or {@code null} if the last write succeeded. */
    public String lastWriteError() {
        return lastWriteError;
    }
}
