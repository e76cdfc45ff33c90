package io.conntrackd.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The acknowledged position, in a small file of two 32-byte slots written in turn: each holds a sequence
 * number, the position and a CRC-32C of both. A write torn by a crash damages at most the slot being
 * written, so the other still holds the previous position: what was acknowledged since is sent again
 * (duplicates, never loss).
 */
final class AckFile implements AutoCloseable {

    static final String NAME = "acked";
    private static final int SLOT_BYTES = 32;

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
    private final CRC32C crc = new CRC32C();
    private long sequence;

    private AckFile(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the file, giving a new one its two slots at once: later writes overwrite them in place, so they
     * need no room on a disk that has filled up meanwhile.
     */
    static AckFile open(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer empty = ByteBuffer.allocate(2 * SLOT_BYTES);
            while (channel.size() < 2 * SLOT_BYTES && empty.hasRemaining()) {
                channel.write(empty, empty.position());
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new AckFile(channel);
    }

    /** The position last written whole, or {@code null} if neither slot holds one. */
    Position read() throws IOException {
        Position found = null;
        long foundSequence = -1;
        for (int i = 0; i < 2; i++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
            while (b.hasRemaining() && channel.read(b, (long) i * SLOT_BYTES + b.position()) > 0) {
                // read the slot whole, or what the file has of it
            }
            if (b.hasRemaining()) {
                continue;
            }
            long seq = b.getLong(0);
            if (checksum(b) == b.getInt(24) && seq > foundSequence) {
                foundSequence = seq;
                found = new Position(b.getLong(8), b.getLong(16));
            }
        }
        sequence = Math.max(foundSequence, 0);
        return found;
    }

    /** Writes {@code position} into the older slot; {@link #force} makes it durable. */
    void write(Position position) throws IOException {
        sequence++;
        slot.clear();
        slot.putLong(sequence).putLong(position.segment()).putLong(position.offset());
        slot.putInt(24, checksum(slot));
        slot.position(0).limit(SLOT_BYTES);
        long at = (sequence % 2) * SLOT_BYTES;
        while (slot.hasRemaining()) {
            channel.write(slot, at + slot.position());
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    private int checksum(ByteBuffer b) {
        crc.reset();
        crc.update(b.slice(0, 24));
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
