package io.conntrackd.sink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settlement without journald (no root needed); delivery to a real journald is in JournalSinkIT. */
class JournalWriterTest {

    @TempDir
    Path dir;

    @Test
    void settlesEachEventAsFailedOnceWhileJournaldIsAbsentAndTriesTheNextAgain() throws Exception {
        SinkStats stats = new SinkStats("journal");
        Path socket = dir.resolve("absent");
        try (JournalWriter writer = new JournalWriter(new JournalSocket(socket, Duration.ofMillis(100)),
                new JournalEntryEncoder("conntrackd"))) {
            writer.write(new EventBatch(List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()), stats));
            writer.write(new EventBatch(List.of(TestEvents.udp6()), stats));
        }
        assertThat(stats.failed()).isEqualTo(4);
        assertThat(stats.delivered() + stats.dropped() + stats.settlementErrors()).isZero();
        assertThat(stats.failure()).contains("sendto(" + socket + ")");
    }
}
