package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class PushBufferTest {

    private static byte[] entry(int size) {
        return new byte[size];
    }

    /** The ticket of an event nobody looks at again. */
    private static EventBatch.Ticket ticket() {
        return new EventBatch(List.of(TestEvents.tcp4()), new SinkStats("loki")).take(0);
    }

    @Test
    void sealsABatchWhenItHasEnoughLines() {
        PushBuffer buffer = new PushBuffer(3, 1_000_000, 10_000_000, 6);
        for (int i = 0; i < 7; i++) {
            assertThat(buffer.add(i % 6, entry(10), ticket(), 0)).isTrue();
        }
        assertThat(buffer.removeHead().lines()).isEqualTo(3);
        assertThat(buffer.removeHead().lines()).isEqualTo(3);
        assertThat(buffer.head()).as("the 7th entry waits in the open batch").isNull();
        assertThat(buffer.bufferedLines()).isEqualTo(1);
        assertThat(buffer.isEmpty()).isFalse();
    }

    @Test
    void sealsBeforeAnEntryThatWouldExceedTheBatchBytes() {
        PushBuffer buffer = new PushBuffer(1000, 100, 10_000, 6);
        buffer.add(0, entry(40), ticket(), 0);
        buffer.add(0, entry(40), ticket(), 0);
        buffer.add(0, entry(40), ticket(), 0);
        PushBatch first = buffer.removeHead();
        assertThat(first.lines()).isEqualTo(2);
        assertThat(first.bytes()).isEqualTo(80);
        assertThat(buffer.head()).isNull();
    }

    @Test
    void anEntryLargerThanABatchTravelsAlone() {
        PushBuffer buffer = new PushBuffer(1000, 100, 10_000, 6);
        buffer.add(0, entry(10), ticket(), 0);
        buffer.add(0, entry(500), ticket(), 0);
        assertThat(buffer.removeHead().bytes()).isEqualTo(10);
        assertThat(buffer.removeHead().bytes()).isEqualTo(500);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void sealsTheOpenBatchOnlyAfterTheWait() {
        PushBuffer buffer = new PushBuffer(1000, 1_000_000, 10_000_000, 6);
        buffer.add(0, entry(10), ticket(), 1_000);
        buffer.add(1, entry(10), ticket(), 1_500);
        buffer.sealIfOlderThan(1_000, 1_999);
        assertThat(buffer.head()).isNull();
        buffer.sealIfOlderThan(1_000, 2_000);
        assertThat(buffer.head().lines()).isEqualTo(2);
    }

    @Test
    void refusesEntriesBeyondItsCapacityUntilBatchesLeave() {
        PushBuffer buffer = new PushBuffer(2, 1_000, 100, 6);
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            accepted += buffer.add(0, entry(30), ticket(), 0) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(buffer.bufferedBytes()).isEqualTo(90);
        buffer.removeHead();
        assertThat(buffer.bufferedBytes()).isEqualTo(30);
        assertThat(buffer.add(0, entry(30), ticket(), 0)).isTrue();
        assertThat(buffer.add(0, entry(30), ticket(), 0)).isTrue();
        assertThat(buffer.add(0, entry(30), ticket(), 0)).isFalse();
        assertThat(buffer.bufferedLines()).isEqualTo(3);
    }
}
