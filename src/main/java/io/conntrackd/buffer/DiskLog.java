package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded log of records in segment files in one directory: records are {@link #append appended} by the
 * producing side, {@link #read} in order by the consuming side, and released when the consumer
 * {@link #ack acknowledges} a position; a segment is deleted once every record in it is acknowledged.
 *
 * <p>Guarantees: a record leaves the log only when acknowledged. A process killed outright loses nothing
 * that was {@link #flush flushed}; a power loss loses at most what was flushed since the last {@link #sync}
 * (which the owner calls at its sync interval) and may send again what was acknowledged since then. At
 * {@link #open} every segment is checked: a torn tail or a damaged record or segment is skipped with a
 * warning and counted ({@link LogStats#corruptRegions()}), never an error. When the byte limit is reached,
 * or a write fails (disk full), new records are refused or lost and counted, and writing resumes by itself
 * once there is room again.
 *
 * <p>Threads: append and flush from any thread (serialised), read from one thread at a time, ack from any
 * thread, sync from one (a timer).
 */
public final class DiskLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiskLog.class);
    private static final String LOCK_FILE = "lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final AckFile ackFile;
    private final LogStats stats;
    private final Segments segments;
    private final Appender appender;
    private final LogReader reader;
    private final long lastRecoveredSegment;
    private final AtomicReference<Position> acked;
    private Position ackedWritten;

    private DiskLog(Path dir, FileChannel lockChannel, AckFile ackFile, LogStats stats, Segments segments,
                    Recovery recovery, long segmentBytes, long maxBytes) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.ackFile = ackFile;
        this.stats = stats;
        this.segments = segments;
        this.lastRecoveredSegment = recovery.lastSegment;
        this.appender = new Appender(dir, recovery.lastSegment + 1, segmentBytes, maxBytes, segments, stats);
        this.acked = new AtomicReference<>(recovery.start);
        this.ackedWritten = recovery.start;
        this.reader = new LogReader(dir, segments, appender, recovery.start, this::skippedWhileReading);
    }

    /**
     * Opens the log in {@code dir} (created if missing), checking what is there. Only one process may use a
     * directory at a time.
     *
     * @param maxBytes     the segment files together stay within this many bytes (plus one record)
     * @param segmentBytes a segment is closed and a new one started when it reaches this size
     * @throws IOException if the directory cannot be created, read or locked
     */
    public static DiskLog open(Path dir, long maxBytes, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        AckFile ackFile = null;
        try {
            lock(lockChannel, dir);
            ackFile = AckFile.open(dir);
            LogStats stats = new LogStats();
            Segments segments = new Segments(dir, stats);
            Recovery recovery = Recovery.run(dir, ackFile.read(), segments, stats);
            return new DiskLog(dir, lockChannel, ackFile, stats, segments, recovery, segmentBytes, maxBytes);
        } catch (IOException | RuntimeException e) {
            if (ackFile != null) {
                ackFile.close();
            }
            lockChannel.close();
            throw e;
        }
    }

    private static void lock(FileChannel lockChannel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this process
        }
        if (lock == null) {
            throw new IOException("the buffer directory " + dir + " is in use by another process");
        }
    }

    public Path directory() {
        return dir;
    }

    public LogStats stats() {
        return stats;
    }

    /**
     * Adds a record (written to disk at the next {@link #flush}), or refuses it when the log has reached its
     * byte limit: then it returns {@code false} and counts it ({@link LogStats#droppedFull()}).
     */
    public <T> boolean append(long timeMillis, T item, RecordWriter<T> writer) {
        return appender.append(timeMillis, item, writer);
    }

    /**
     * Writes the appended records to the segment file (one system call, no sync).
     *
     * @return how many appended records were lost because writing failed (disk full: {@link LogStats#lastWriteError()})
     */
    public int flush() {
        return appender.flush();
    }

    /** Reads up to {@code max} records after those read before, in order; returns how many it read. */
    public int read(int max, RecordVisitor visitor) throws IOException {
        return reader.read(max, visitor);
    }

    /** Whether every record written has been read. */
    public boolean isReadToEnd() {
        return !appender.end().isAfter(reader.position());
    }

    /**
     * Releases the {@code records} records before {@code upTo} (a position {@link #read} gave) that were not
     * released yet: their destination has them. Positions must come in order.
     */
    public void ack(Position upTo, long records) {
        Position before = acked.getAndAccumulate(upTo, (a, b) -> b.isAfter(a) ? b : a);
        if (upTo.isAfter(before)) {
            stats.acknowledged.add(records);
            stats.recordsOnDisk.addAndGet(-records);
        }
    }

    /**
     * Makes written records durable (fsync), then records the acknowledged position durably and deletes the
     * segments every record of which is acknowledged. The owner calls it at its sync interval.
     */
    public void sync() throws IOException {
        appender.sealIfDone(acked.get());
        if (appender.sync()) {
            stats.syncs.increment();
        }
        Position ack = acked.get();
        try {
            if (!ack.equals(ackedWritten)) {
                ackFile.write(ack);
                ackFile.force();
                ackedWritten = ack;
            }
        } finally {
            deleteAcknowledged(ack); // even when the position could not be recorded: the events are delivered
        }
        stats.oldestTimeMillis = oldestTime(ack);
    }

    private void deleteAcknowledged(Position ack) throws IOException {
        boolean whole = appender.isSealed(ack.segment()) && ack.offset() >= segments.size(ack.segment());
        reader.delete(whole ? ack.segment() : ack.segment() - 1);
    }

    /** The time of the first record after {@code ack}, or 0 when every record is acknowledged. */
    private long oldestTime(Position ack) throws IOException {
        Position end = appender.end();
        long segment = ack.segment();
        long offset = ack.offset();
        while (segment >= 0 && segment < end.segment() && offset >= segments.size(segment)) {
            segment = segments.after(segment);
            offset = SegmentFile.HEADER_BYTES;
        }
        if (segment < 0 || !end.isAfter(new Position(segment, offset))) {
            return 0;
        }
        ByteBuffer header = ByteBuffer.allocate(SegmentFile.RECORD_HEADER_BYTES);
        try (FileChannel c = FileChannel.open(SegmentFile.path(dir, segment), StandardOpenOption.READ)) {
            while (header.hasRemaining() && c.read(header, offset + header.position()) > 0) {
                // a record header is 16 bytes: one read, except on a short file
            }
        } catch (IOException e) {
            return stats.oldestTimeMillis; // deleted meanwhile: keep the last value until the next sync
        }
        return header.hasRemaining() ? 0 : header.getLong(8);
    }

    private void skippedWhileReading(long segment, long from, long bytes, boolean atEnd) {
        if (segment > lastRecoveredSegment) { // found at start otherwise, and counted there
            Recovery.countSkip(stats, segment, from, bytes, atEnd);
        }
    }

    /** Writes what is appended, syncs, records the acknowledged position and closes the files. */
    @Override
    public void close() throws IOException {
        try {
            int lost = appender.close();
            if (lost > 0) {
                LOG.warn("Disk buffer {}: {} records could not be written at close: {}", dir, lost,
                        stats.lastWriteError());
            }
            sync();
        } finally {
            reader.close();
            ackFile.close();
            lockChannel.close();
        }
    }
}
