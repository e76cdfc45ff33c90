package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a log finds on disk at start: it deletes the segments already acknowledged, reads every other record
 * once to check it and count it, and skips (with a warning and a count) a segment whose header is damaged
 * and the bytes of a torn tail or a damaged record. Never fails for damaged data; only for I/O errors.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** Where reading starts. */
    final Position start;
    /** The highest segment number found (or acknowledged), -1 if none: new segments come after it. */
    final long lastSegment;

    private Recovery(Position start, long lastSegment) {
        this.start = start;
        this.lastSegment = lastSegment;
    }

    static Recovery run(Path dir, Position acked, Segments segments, LogStats stats) throws IOException {
        long last = acked == null ? -1 : acked.segment();
        Position start = null;
        long records = 0;
        for (long segment : SegmentFile.list(dir)) {
            Path file = SegmentFile.path(dir, segment);
            long size = Files.size(file);
            last = Math.max(last, segment);
            if (acked != null && segment < acked.segment()) {
                Files.delete(file); // acknowledged before the last stop
                continue;
            }
            long from = acked != null && segment == acked.segment() ? acked.offset() : SegmentFile.HEADER_BYTES;
            try (SegmentScanner scanner = SegmentScanner.open(dir, segment, from)) {
                if (scanner == null) {
                    countSkip(stats, segment, 0, size, true);
                    Files.delete(file);
                    continue;
                }
                segments.resized(segment, size);
                long found = 0;
                while (scanner.next(size, (s, f, b, atEnd) -> countSkip(stats, s, f, b, atEnd))) {
                    if (found++ == 0 && start == null) {
                        stats.oldestTimeMillis = scanner.recordTime();
                    }
                }
                records += found;
                if (start == null) {
                    start = new Position(segment, Math.min(from, size));
                }
            }
        }
        stats.written.add(records);
        stats.recordsOnDisk.addAndGet(records);
        if (records > 0) {
            LOG.info("Disk buffer {}: {} records from before the last stop are sent first", dir, records);
        }
        return new Recovery(start != null ? start : new Position(last + 1, SegmentFile.HEADER_BYTES), last);
    }

    /** Counts and logs bytes that held no valid record. */
    static void countSkip(LogStats stats, long segment, long from, long bytes, boolean atEnd) {
        stats.corruptRegions.increment();
        stats.corruptBytes.add(bytes);
        String what = from == 0 ? "a damaged segment (bad header)" : atEnd ? "a torn or damaged tail" : "damaged records";
        LOG.warn("Disk buffer segment {}: skipped {} ({} bytes from offset {}); the records in it are lost",
                SegmentFile.name(segment), what, bytes, from);
    }
}
