package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;

/**
 * The writing end of a disk log. Records are encoded into a buffer in memory and written to the current
 * segment with one system call per {@link #flush} (the sink calls it once per batch of events), so a
 * {@code kill -9} loses nothing flushed: the kernel's page cache outlives the process. Durability against
 * power loss comes from {@link #sync}, which another thread calls at the sync interval. A write that fails
 * (disk full) is undone and its records are counted as lost; later writes try again, so the log recovers
 * by itself when space is back.
 */
final class Appender {

    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path dir;
    private final long segmentBytes;
    private final long maxBytes;
    private final Segments segments;
    private final LogStats stats;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private final Queue<FileChannel> sealed = new ConcurrentLinkedQueue<>();
    private volatile FileChannel channel;
    private long segment;
    private long size;
    private int bufferedRecords;
    private int lost;
    private volatile Position end;
    private volatile boolean dirty;
    private volatile boolean newFile;

    /** @param firstSegment the number of the first segment it creates (after every segment found at start) */
    Appender(Path dir, long firstSegment, long segmentBytes, long maxBytes, Segments segments, LogStats stats) {
        this.dir = dir;
        this.segment = firstSegment - 1;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.segments = segments;
        this.stats = stats;
        this.end = new Position(firstSegment, SegmentFile.HEADER_BYTES);
    }

    /** Records before this position are in the segment files (not necessarily synced). */
    Position end() {
        return end;
    }

    /** Whether nothing more will be written to {@code segment}. */
    synchronized boolean isSealed(long segment) {
        return segment < this.segment || (segment == this.segment && channel == null);
    }

    /**
     * Adds a record to the write buffer, or refuses it ({@code false}) when the log would exceed its byte
     * limit. A full buffer is flushed first.
     *
     * @throws IllegalArgumentException if the payload exceeds {@value SegmentFile#MAX_PAYLOAD} bytes
     */
    synchronized <T> boolean append(long timeMillis, T item, RecordWriter<T> writer) {
        if (buffer.remaining() < SegmentFile.RECORD_HEADER_BYTES + SegmentFile.MAX_PAYLOAD) {
            lost += write();
        }
        int start = buffer.position();
        int payloadStart = start + SegmentFile.RECORD_HEADER_BYTES;
        try {
            buffer.position(payloadStart);
            writer.write(item, buffer.limit(payloadStart + SegmentFile.MAX_PAYLOAD));
        } catch (BufferOverflowException e) {
            buffer.limit(buffer.capacity()).position(start);
            throw new IllegalArgumentException("a record may have at most " + SegmentFile.MAX_PAYLOAD + " bytes");
        }
        int length = buffer.position() - payloadStart;
        buffer.limit(buffer.capacity());
        if (stats.bytesOnDisk() + buffer.position() > maxBytes) {
            buffer.position(start);
            stats.droppedFull.increment();
            return false;
        }
        buffer.putInt(start, length).putLong(start + 8, timeMillis);
        buffer.putInt(start + 4, SegmentFile.checksum(crc, buffer, start + 8, length));
        bufferedRecords++;
        return true;
    }

    /**
     * Writes the buffered records to the current segment, rolling to a new one when it is full.
     *
     * @return how many records were lost since the last flush because a write failed ({@link LogStats#lastWriteError()})
     */
    synchronized int flush() {
        int n = lost + write();
        lost = 0;
        return n;
    }

    /** Writes the buffer out; returns how many of its records were lost to an error. */
    private int write() {
        if (bufferedRecords == 0) {
            return 0;
        }
        int records = bufferedRecords;
        bufferedRecords = 0;
        buffer.flip();
        try {
            if (channel == null) {
                startSegment();
            }
            int bytes = buffer.remaining();
            writeFully(buffer);
            size += bytes;
            stats.written.add(records);
            stats.writtenBytes.add(bytes);
            stats.recordsOnDisk.addAndGet(records);
            segments.resized(segment, size);
            stats.lastWriteError = null;
            end = new Position(segment, size);
            dirty = true;
            if (size >= segmentBytes) {
                seal();
            }
            return 0;
        } catch (IOException e) {
            undo(e);
            stats.droppedWriteError.add(records);
            return records;
        } finally {
            buffer.clear();
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        long at = size;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    /** Cuts off what a failed write left in the segment; if even that fails, the next write starts a new segment. */
    private void undo(IOException cause) {
        stats.lastWriteError = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        FileChannel c = channel;
        if (c == null) {
            return;
        }
        try {
            c.truncate(size);
        } catch (IOException e) {
            seal();
        }
    }

    /**
     * Closes the current segment if every record in it was acknowledged up to {@code acked} and it is worth
     * deleting: it holds an eighth of a segment or more, or the last write failed (the disk may be full, and
     * only deleting gives the room back). The next write starts a new segment.
     */
    synchronized void sealIfDone(Position acked) {
        if (channel == null || bufferedRecords > 0 || !acked.equals(end)) {
            return;
        }
        if (size >= segmentBytes / 8 || stats.lastWriteError != null) {
            seal();
        }
    }

    private void seal() {
        sealed.add(channel);
        channel = null;
    }

    private void startSegment() throws IOException {
        long next = segment + 1;
        Path file = SegmentFile.path(dir, next);
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = SegmentFile.header(next);
            while (header.hasRemaining()) {
                c.write(header, header.position());
            }
        } catch (IOException e) {
            c.close();
            Files.deleteIfExists(file);
            throw e;
        }
        segment = next;
        size = SegmentFile.HEADER_BYTES;
        segments.resized(segment, size);
        channel = c;
        newFile = true;
        end = new Position(segment, size);
    }

    /**
     * Makes what was written durable: the segments sealed since the last call (then closes them), the
     * current one if written to, and the directory if a segment was created.
     *
     * @return whether anything was synced
     */
    boolean sync() throws IOException {
        boolean synced = false;
        for (FileChannel old = sealed.poll(); old != null; old = sealed.poll()) {
            try (FileChannel c = old) {
                c.force(false);
            }
            synced = true;
        }
        if (dirty) {
            dirty = false;
            FileChannel c = channel;
            if (c != null) {
                c.force(false);
            }
            synced = true;
        }
        if (newFile) {
            newFile = false;
            Segments.syncDirectory(dir);
        }
        return synced;
    }

    /** Writes what is buffered, syncs and closes the files. */
    synchronized int close() throws IOException {
        int n = flush();
        if (channel != null) {
            seal();
        }
        sync();
        return n;
    }
}
