package io.conntrackd.buffer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order, checking each one's length and checksum. Bytes that do
 * not form a valid record (a torn tail after a crash, a damaged record) are skipped: the scanner looks for
 * the next offset where a valid record starts and reports what it skipped. The file may still grow (the
 * segment being written); the caller says up to where it may read.
 */
final class SegmentScanner implements Closeable {

    /** Told about bytes that held no valid record. */
    interface SkipListener {
        void skipped(long segment, long fromOffset, long bytes, boolean atEnd);
    }

    private static final int CHUNK_BYTES = 1 << 20;

    private final long segment;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES + SegmentFile.RECORD_HEADER_BYTES
            + SegmentFile.MAX_PAYLOAD);
    /** File offset of chunk[0]; the chunk holds the file's bytes [chunkStart, chunkStart + chunk.limit()). */
    private long chunkStart;
    /** Where the next record is expected. */
    private long offset;
    private long recordTime;
    private ByteBuffer recordPayload;

    private SegmentScanner(long segment, FileChannel channel, long offset) {
        this.segment = segment;
        this.channel = channel;
        this.offset = offset;
        this.chunkStart = offset;
        chunk.limit(0);
    }

    /**
     * Opens segment {@code segment} in {@code dir} to read from {@code offset} (at least past the header), or
     * returns {@code null} when its header is not that of the segment (damaged or not a segment).
     */
    static SegmentScanner open(Path dir, long segment, long offset) throws IOException {
        FileChannel channel = FileChannel.open(SegmentFile.path(dir, segment), StandardOpenOption.READ);
        try {
            if (!SegmentFile.hasHeader(channel, segment)) {
                channel.close();
                return null;
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new SegmentScanner(segment, channel, Math.max(offset, SegmentFile.HEADER_BYTES));
    }

    long segment() {
        return segment;
    }

    /** The offset after the last record returned, or after the bytes skipped last. */
    long offset() {
        return offset;
    }

    /** The time of the record {@link #next} returned. */
    long recordTime() {
        return recordTime;
    }

    /** The payload of the record {@link #next} returned; valid until the next call. */
    ByteBuffer recordPayload() {
        return recordPayload;
    }

    /**
     * Moves to the next valid record before {@code limit} and returns {@code true}, or returns {@code false}
     * when there is none: then every byte up to {@code limit} was read, and those that formed no valid record
     * were reported to {@code skips}. Records end exactly at {@code limit} when it is where a writer stopped.
     */
    boolean next(long limit, SkipListener skips) throws IOException {
        long skipFrom = -1;
        while (offset < limit) {
            int length = validRecordAt(limit);
            if (length > 0) {
                if (skipFrom >= 0) {
                    skips.skipped(segment, skipFrom, offset - skipFrom, false);
                }
                int at = (int) (offset - chunkStart);
                recordTime = chunk.getLong(at + 8);
                recordPayload = chunk.slice(at + SegmentFile.RECORD_HEADER_BYTES, length);
                offset += SegmentFile.RECORD_HEADER_BYTES + length;
                return true;
            }
            if (skipFrom < 0) {
                skipFrom = offset;
            }
            offset++;
        }
        if (skipFrom >= 0) {
            skips.skipped(segment, skipFrom, offset - skipFrom, true);
        }
        return false;
    }

    /** The payload length of a valid record at {@link #offset}, or 0 when none starts there. */
    private int validRecordAt(long limit) throws IOException {
        if (!fill(SegmentFile.RECORD_HEADER_BYTES, limit)) {
            return 0;
        }
        int at = (int) (offset - chunkStart);
        int length = chunk.getInt(at);
        if (length < 1 || length > SegmentFile.MAX_PAYLOAD
                || offset + SegmentFile.RECORD_HEADER_BYTES + length > limit
                || !fill(SegmentFile.RECORD_HEADER_BYTES + length, limit)) {
            return 0;
        }
        at = (int) (offset - chunkStart);
        return SegmentFile.checksum(crc, chunk, at + 8, length) == chunk.getInt(at + 4) ? length : 0;
    }

    /** Makes the chunk hold {@code bytes} bytes from {@link #offset}, reading below {@code limit}; false if it cannot. */
    private boolean fill(int bytes, long limit) throws IOException {
        if (offset + bytes > limit) {
            return false;
        }
        if (offset - chunkStart + bytes <= chunk.limit()) {
            return true;
        }
        int keep = (int) Math.max(0, chunkStart + chunk.limit() - offset);
        chunk.position((int) (offset - chunkStart)).limit(chunk.position() + keep);
        chunk.compact();
        chunkStart = offset;
        long end = Math.min(limit, chunkStart + chunk.capacity());
        while (chunk.position() < end - chunkStart) {
            chunk.limit((int) (end - chunkStart));
            if (channel.read(chunk, chunkStart + chunk.position()) < 0) {
                break;
            }
        }
        chunk.flip();
        return chunk.limit() >= bytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
