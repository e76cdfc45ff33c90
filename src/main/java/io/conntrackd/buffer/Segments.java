package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The segment files of a log and their sizes, which add up to the log's bytes on disk. */
final class Segments {

    private final Path dir;
    private final LogStats stats;
    private final ConcurrentSkipListMap<Long, Long> sizes = new ConcurrentSkipListMap<>();

    Segments(Path dir, LogStats stats) {
        this.dir = dir;
        this.stats = stats;
    }

    void resized(long segment, long size) {
        Long old = sizes.put(segment, size);
        stats.bytesOnDisk.addAndGet(size - (old == null ? 0 : old));
    }

    /** The size of the segment, or -1 if there is no such segment. */
    long size(long segment) {
        Long s = sizes.get(segment);
        return s == null ? -1 : s;
    }

    /** The first segment after {@code segment}, or -1. */
    long after(long segment) {
        Long next = sizes.higherKey(segment);
        return next == null ? -1 : next;
    }

    long first() {
        return sizes.isEmpty() ? -1 : sizes.firstKey();
    }

    /** Deletes the segments up to {@code last}, that one included. */
    void deleteThrough(long last) throws IOException {
        for (Map.Entry<Long, Long> e : sizes.headMap(last, true).entrySet()) {
            delete(e.getKey());
        }
    }

    private void delete(long segment) throws IOException {
        Files.deleteIfExists(SegmentFile.path(dir, segment));
        Long size = sizes.remove(segment);
        if (size != null) {
            stats.bytesOnDisk.addAndGet(-size);
        }
    }

    /** Makes created and deleted files durable: on Linux a directory is synced like a file. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
