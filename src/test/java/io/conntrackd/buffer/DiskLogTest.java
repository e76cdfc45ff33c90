package io.conntrackd.buffer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLogTest {

    private static final long MiB = 1 << 20;
    /** Each test record "rNN" takes 16 bytes of header and 3 of payload. */
    private static final int RECORD = 19;
    private static final RecordWriter<String> TEXT = (s, out) -> out.put(s.getBytes(UTF_8));

    @TempDir
    Path dir;
    private DiskLog log;
    private final List<String> read = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private Position lastEnd;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void recordsAreReadInOrderOnlyOnceFlushedAndLeaveWhenAcknowledged() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        append(1000, "r01", "r02", "r03");
        assertThat(readAll()).isZero();

        assertThat(log.flush()).isZero();
        assertThat(readAll()).isEqualTo(3);
        assertThat(read).containsExactly("r01", "r02", "r03");
        assertThat(times).containsExactly(1000L, 1001L, 1002L);
        assertThat(log.isReadToEnd()).isTrue();
        assertThat(log.stats().written()).isEqualTo(3);
        assertThat(log.stats().recordsOnDisk()).isEqualTo(3);

        log.ack(lastEnd, 3);
        assertThat(log.stats().acknowledged()).isEqualTo(3);
        assertThat(log.stats().recordsOnDisk()).isZero();
        log.ack(lastEnd, 3); // the same position again releases nothing more
        assertThat(log.stats().acknowledged()).isEqualTo(3);
    }

    @Test
    void aSegmentIsAHeaderThenLengthChecksumTimeAndPayloadPerRecord() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        log.append(1000, "hi", TEXT);
        log.flush();

        byte[] file = Files.readAllBytes(dir.resolve("00000000000000000000.seg"));
        assertThat(HexFormat.of().formatHex(file)).isEqualTo(
                "43544442" + "00000001" + "0000000000000000" // CTDB, version 1, segment 0
                + "00000002" + "1054e509" + "00000000000003e8" + "6869"); // length 2, CRC-32C, time 1000, "hi"
    }

    @Test
    void fullSegmentsRollAndAreDeletedOnceEveryRecordInThemIsAcknowledged() throws IOException {
        log = DiskLog.open(dir, MiB, 16 + 3 * RECORD);
        for (int i = 0; i < 7; i++) {
            append(i, "r" + i + "x");
            log.flush();
        }
        assertThat(segmentFiles()).containsExactly("00000000000000000000.seg", "00000000000000000001.seg",
                "00000000000000000002.seg");
        assertThat(readAll()).isEqualTo(7);
        assertThat(read).containsExactly("r0x", "r1x", "r2x", "r3x", "r4x", "r5x", "r6x");

        log.ack(endOf(4), 4); // the first segment (3 records) and one of the second
        log.sync();
        assertThat(segmentFiles()).containsExactly("00000000000000000001.seg", "00000000000000000002.seg");
        assertThat(log.stats().bytesOnDisk()).isEqualTo(16 + 3 * RECORD + 16 + RECORD);

        log.ack(lastEnd, 3);
        log.sync();
        assertThat(segmentFiles()).as("the last one too: it is more than an eighth full").isEmpty();
    }

    @Test
    void aSegmentFullyAcknowledgedIsClosedAndDeletedOnceItIsWorthItSoThatAFullDiskGetsRoomBack() throws IOException {
        log = DiskLog.open(dir, MiB, 8 * 100); // worth deleting from 100 bytes on
        append(1, "r01", "r02", "r03", "r04");
        log.flush();
        readAll();
        log.ack(lastEnd, 4);
        log.sync();
        assertThat(segmentFiles()).as("16 + 4 * 19 bytes: not yet worth it").containsExactly("00000000000000000000.seg");

        append(5, "r05");
        log.flush();
        readAll();
        log.ack(lastEnd, 1);
        log.sync();
        assertThat(segmentFiles()).isEmpty();
        assertThat(log.stats().bytesOnDisk()).isZero();

        append(6, "r06");
        log.flush();
        assertThat(readAll()).isEqualTo(1);
        assertThat(read).endsWith("r06");
        assertThat(segmentFiles()).containsExactly("00000000000000000001.seg");
    }

    @Test
    void aDeletedSegmentIsHeldOpenByNoOneSoThatItsSpaceComesBack() throws IOException {
        log = DiskLog.open(dir, MiB, 8 * 100);
        append(1, "r01", "r02", "r03", "r04", "r05");
        log.flush();
        readAll(); // to the end of the segment being written: the reader holds it open for more
        log.ack(lastEnd, 5);
        log.sync(); // seals and deletes it: the reader lets go first, not at its next read
        assertThat(segmentFiles()).isEmpty();
        assertThat(openDeletedFiles()).isEmpty();

        append(6, "r06");
        log.flush();
        assertThat(readAll()).isEqualTo(1);
        assertThat(read).endsWith("r06");
    }

    /** Files this process holds open although they were deleted (Linux: /proc/self/fd). */
    private List<String> openDeletedFiles() throws IOException {
        List<String> deleted = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir.toString()) && target.endsWith("(deleted)")) {
                        deleted.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return deleted;
    }

    @Test
    void afterARestartReadingGoesOnFromTheAcknowledgedPosition() throws IOException {
        log = DiskLog.open(dir, MiB, 16 + 2 * RECORD);
        append(1, "r01", "r02", "r03", "r04", "r05");
        log.flush();
        readAll();
        log.ack(endOf(3), 3);
        log.close();

        log = DiskLog.open(dir, MiB, 16 + 2 * RECORD);
        read.clear();
        assertThat(log.stats().recordsOnDisk()).isEqualTo(2);
        assertThat(log.stats().oldestTimeMillis()).isEqualTo(4);
        append(10, "r06");
        log.flush();
        assertThat(readAll()).isEqualTo(3);
        assertThat(read).containsExactly("r04", "r05", "r06");
    }

    @Test
    void anAcknowledgementNotYetSyncedIsLostInACrashSoItsRecordsComeAgain() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        append(1, "r01", "r02", "r03");
        log.flush();
        readAll();
        log.ack(endOf(1), 1);
        log.sync();
        log.ack(endOf(2), 1);
        Path crashed = copyOf(dir); // what a crash leaves: the files, without the last acknowledgement

        try (DiskLog after = DiskLog.open(crashed, MiB, MiB)) {
            List<String> again = new ArrayList<>();
            after.read(10, (t, p, e) -> again.add(UTF_8.decode(p).toString()));
            assertThat(again).containsExactly("r02", "r03");
        }
    }

    @Test
    void aTornTailIsSkippedWithACountAndTheRecordsBeforeItAreKept() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        append(1, "r01", "r02", "r03");
        log.close();
        Path segment = dir.resolve("00000000000000000000.seg");
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(f.length() - 5); // the last record lost its last 5 bytes
        }

        log = DiskLog.open(dir, MiB, MiB);
        assertThat(log.stats().corruptRegions()).isEqualTo(1);
        assertThat(log.stats().corruptBytes()).isEqualTo(RECORD - 5);
        assertThat(log.stats().recordsOnDisk()).isEqualTo(2);
        assertThat(readAll()).isEqualTo(2);
        assertThat(read).containsExactly("r01", "r02");
        assertThat(log.stats().corruptRegions()).isEqualTo(1); // found at start, not counted again when read
    }

    @Test
    void aDamagedRecordInTheMiddleIsSkippedAndTheRecordsAfterItAreRead() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        append(1, "r01", "r02", "r03");
        log.close();
        flipByte(dir.resolve("00000000000000000000.seg"), 16 + RECORD + 17); // in the payload of r02: CRC fails

        log = DiskLog.open(dir, MiB, MiB);
        assertThat(log.stats().corruptRegions()).isEqualTo(1);
        assertThat(log.stats().corruptBytes()).isEqualTo(RECORD);
        assertThat(readAll()).isEqualTo(2);
        assertThat(read).containsExactly("r01", "r03");
    }

    @Test
    void aDamagedLengthIsSkippedToTheNextValidRecord() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        append(1, "r01", "r02", "r03");
        log.close();
        flipByte(dir.resolve("00000000000000000000.seg"), 16 + 1); // r01's length becomes 65539: beyond the limit

        log = DiskLog.open(dir, MiB, MiB);
        assertThat(readAll()).isEqualTo(2);
        assertThat(read).containsExactly("r02", "r03");
        assertThat(log.stats().corruptBytes()).isEqualTo(RECORD);
    }

    @Test
    void aSegmentWithADamagedHeaderIsSkippedWithACountAndTheOthersAreRead() throws IOException {
        log = DiskLog.open(dir, MiB, 16 + 2 * RECORD);
        append(1, "r01", "r02", "r03", "r04");
        log.flush();
        append(5, "r05");
        log.close();
        flipByte(dir.resolve("00000000000000000000.seg"), 0);

        log = DiskLog.open(dir, MiB, 16 + 2 * RECORD);
        assertThat(log.stats().corruptRegions()).isEqualTo(1);
        assertThat(log.stats().corruptBytes()).isEqualTo(16 + 4 * RECORD);
        assertThat(segmentFiles()).doesNotContain("00000000000000000000.seg");
        assertThat(readAll()).isEqualTo(1);
        assertThat(read).containsExactly("r05");
    }

    @Test
    void atTheByteLimitNewRecordsAreRefusedAndCountedUntilAcknowledgedSegmentsAreDeleted() throws IOException {
        log = DiskLog.open(dir, 2 * (16 + 2 * RECORD), 16 + 2 * RECORD);
        for (int i = 0; i < 4; i++) {
            assertThat(log.append(i, "r0" + i, TEXT)).isTrue();
            log.flush();
        }
        assertThat(log.append(9, "r09", TEXT)).isFalse();
        assertThat(log.stats().droppedFull()).isEqualTo(1);

        readAll();
        log.ack(endOf(2), 2);
        log.sync(); // deletes the first segment
        assertThat(log.append(10, "r10", TEXT)).isTrue();
        log.flush();
        assertThat(readAll()).isEqualTo(1);
        assertThat(read).endsWith("r10");
    }

    @Test
    void syncCountsOnlyWhenSomethingWasWrittenAndTracksTheOldestRecord() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        log.sync();
        assertThat(log.stats().syncs()).isZero();
        assertThat(log.stats().oldestTimeMillis()).isZero();

        append(1000, "r01", "r02");
        log.flush();
        log.sync();
        log.sync();
        assertThat(log.stats().syncs()).isEqualTo(1);
        assertThat(log.stats().oldestTimeMillis()).isEqualTo(1000);

        readAll();
        log.ack(endOf(1), 1);
        log.sync();
        assertThat(log.stats().oldestTimeMillis()).isEqualTo(1001);
        log.ack(lastEnd, 1);
        log.sync();
        assertThat(log.stats().oldestTimeMillis()).isZero();
    }

    @Test
    void aDirectoryInUseByAnotherLogIsRefusedByName() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        assertThatThrownBy(() -> DiskLog.open(dir, MiB, MiB))
                .isInstanceOf(IOException.class)
                .hasMessage("the buffer directory " + dir + " is in use by another process");
    }

    @Test
    void aRecordLargerThan64KiBIsRefused() throws IOException {
        log = DiskLog.open(dir, MiB, MiB);
        assertThatThrownBy(() -> log.append(1, "x".repeat(65_537), TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a record may have at most 65536 bytes");
        append(2, "r01");
        log.flush();
        assertThat(readAll()).isEqualTo(1);
    }

    private void append(long firstTime, String... texts) {
        for (int i = 0; i < texts.length; i++) {
            assertThat(log.append(firstTime + i, texts[i], TEXT)).isTrue();
        }
    }

    private final List<Position> ends = new ArrayList<>();

    private int readAll() throws IOException {
        return log.read(1000, (time, payload, end) -> {
            read.add(UTF_8.decode(payload).toString());
            times.add(time);
            ends.add(end);
            lastEnd = end;
        });
    }

    /** The position after the n-th record read (1-based). */
    private Position endOf(int n) {
        return ends.get(n - 1);
    }

    private List<String> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    private static Path copyOf(Path dir) throws IOException {
        Path copy = Files.createTempDirectory("crashed");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("lock")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
