package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The layout of a segment file. A segment starts with a 16-byte header (magic {@code CTDB}, format version,
 * segment number) followed by records, each:
 * <pre>
 *   int   payload length (1 .. MAX_PAYLOAD), big-endian
 *   int   CRC-32C of the time and the payload
 *   long  time, milliseconds since the epoch (when the record was appended)
 *   byte[length] payload
 * </pre>
 * Files are named by their number, zero-padded ({@code 00000000000000000042.seg}), so that names sort in
 * the order of the log.
 */
final class SegmentFile {

    static final int MAGIC = 0x43544442; // "CTDB"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 16;
    /** Records are conntrack events of a few hundred bytes; anything larger than this is damage. */
    static final int MAX_PAYLOAD = 64 * 1024;
    static final String SUFFIX = ".seg";

    private SegmentFile() {
    }

    static String name(long segment) {
        return String.format("%020d%s", segment, SUFFIX);
    }

    static Path path(Path dir, long segment) {
        return dir.resolve(name(segment));
    }

    /** The numbers of the segment files in {@code dir}, in order; other files are ignored. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                String digits = n.substring(0, n.length() - SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    numbers.add(Long.parseLong(digits));
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    static ByteBuffer header(long segment) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(segment).flip();
    }

    /** Whether the file starts with the header of segment {@code segment}. */
    static boolean hasHeader(FileChannel channel, long segment) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        while (h.hasRemaining()) {
            if (channel.read(h, h.position()) < 0) {
                return false;
            }
        }
        h.flip();
        return h.getInt() == MAGIC && h.getInt() == VERSION && h.getLong() == segment;
    }

    /** The checksum of a record: over its time and payload, {@code length} bytes of payload from {@code at + 8}. */
    static int checksum(CRC32C crc, ByteBuffer buffer, int at, int length) {
        crc.reset();
        crc.update(buffer.slice(at, Long.BYTES + length));
        return (int) crc.getValue();
    }
}
