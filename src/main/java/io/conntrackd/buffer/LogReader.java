package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The reading end of a disk log: reads records in order from where the last read stopped (at start, from
 * the acknowledged position), across segments, up to what the {@link Appender} has written. Damaged bytes
 * are skipped and reported. Read from one thread at a time; {@link #delete} from any.
 */
final class LogReader implements AutoCloseable {

    private final Path dir;
    private final Segments segments;
    private final Appender appender;
    private final SegmentScanner.SkipListener skips;
    private SegmentScanner scanner;
    private Position position;

    LogReader(Path dir, Segments segments, Appender appender, Position start, SegmentScanner.SkipListener skips) {
        this.dir = dir;
        this.segments = segments;
        this.appender = appender;
        this.position = start;
        this.skips = skips;
    }

    /** Where the next read starts. */
    Position position() {
        return position;
    }

    /**
     * Reads up to {@code max} records, in order; returns how many it read. A segment read to its end that
     * nothing more will be written to is let go at once, even before the next one exists: its file may be
     * deleted, and its space comes back only when no one holds it open (a full disk waits for that).
     */
    synchronized int read(int max, RecordVisitor visitor) throws IOException {
        int n = 0;
        while (n < max) {
            if (scanner == null && !openScanner()) {
                return n;
            }
            long segment = scanner.segment();
            Position end = appender.end();
            boolean writing = segment == end.segment() && !appender.isSealed(segment);
            long limit = writing ? end.offset() : segments.size(segment);
            if (scanner.next(limit, skips)) {
                position = new Position(segment, scanner.offset());
                visitor.record(scanner.recordTime(), scanner.recordPayload(), position);
                n++;
            } else if (writing) {
                return n;
            } else if (!nextSegment()) {
                close();
                return n;
            }
        }
        return n;
    }

    /** Opens the segment at {@link #position}, or the next one if it has gone; false if there is none yet. */
    private boolean openScanner() throws IOException {
        while (true) {
            long segment = position.segment();
            if (segments.size(segment) < 0) {
                long next = segments.after(segment);
                if (next < 0) {
                    return false; // not written yet
                }
                position = new Position(next, SegmentFile.HEADER_BYTES);
                continue;
            }
            SegmentScanner s = SegmentScanner.open(dir, segment, position.offset());
            if (s != null) {
                scanner = s;
                return true;
            }
            skips.skipped(segment, 0, segments.size(segment), true);
            position = new Position(segment + 1, SegmentFile.HEADER_BYTES);
        }
    }

    /** Moves from a sealed segment that was read to its end to the next; false if there is none yet. */
    private boolean nextSegment() throws IOException {
        long next = segments.after(scanner.segment());
        if (next < 0) {
            return false;
        }
        scanner.close();
        scanner = null;
        position = new Position(next, SegmentFile.HEADER_BYTES);
        return true;
    }

    /**
     * Deletes the segments up to {@code last}, all of whose records were read and acknowledged, closing
     * first the one it may still hold (the segment being written when it read to the end), in step with
     * reading: a deleted file's space comes back only once no one holds it open, and on a full disk the
     * next write needs that space at once.
     */
    synchronized void delete(long last) throws IOException {
        if (scanner != null && scanner.segment() <= last) {
            close();
        }
        segments.deleteThrough(last);
    }

    @Override
    public synchronized void close() throws IOException {
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
    }
}
