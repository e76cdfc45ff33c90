package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The training run's synthetic events: decoded by the reader's decoder, varied, bounded, the same each run. */
class TrainingEventsTest {

    private static final ReaderOptions OPTIONS = ReaderOptions.defaults().withPollTimeout(Duration.ofMillis(1));

    @Test
    void makesTheGivenNumberOfEventsOfEveryKindThenSaysItIsDoneOnce() throws IOException {
        AtomicInteger done = new AtomicInteger();
        List<ConntrackEvent> events = new ArrayList<>();
        try (TrainingEvents source = new TrainingEvents(1000, OPTIONS, done::incrementAndGet)) {
            while (source.poll(events::add)) {
                assertThat(done).hasValue(0);
            }
            assertThat(source.poll(events::add)).isFalse();
            assertThat(done).hasValue(1);
            assertThat(source.stats().eventsDelivered()).isEqualTo(1000);
            assertThat(source.stats().datagramsReceived()).isEqualTo(1000);
            assertThat(source.stats().malformed()).isZero();
            assertThat(source.kernelDrops()).isZero();
        }
        assertThat(events).hasSize(1000);
        assertThat(events).extracting(ConntrackEvent::type).containsOnly(EventType.values());
        assertThat(events).extracting(ConntrackEvent::protocol).contains(Protocol.TCP, Protocol.UDP);
        assertThat(events).extracting(ConntrackEvent::family).contains(Family.IPV4, Family.IPV6);
        assertThat(events).filteredOn(e -> e.type() == EventType.DESTROY)
                .allSatisfy(e -> assertThat(e.originalCounters()).isNotNull());
        assertThat(events.stream().map(e -> e.original().destination()).distinct().count())
                .as("a destination per flow (three events each)").isGreaterThan(300);
    }

    @Test
    void theSameEventsEachRun() {
        for (long i : new long[] {0, 1, 2, 99_999}) {
            assertThat(TrainingEvents.message(i)).isEqualTo(TrainingEvents.message(i));
        }
        assertThat(TrainingEvents.message(3)).isNotEqualTo(TrainingEvents.message(6));
    }

    @Test
    void theDecoderDropsWhatTheOptionsDoNotWant() throws IOException {
        List<ConntrackEvent> events = new ArrayList<>();
        ReaderOptions newOnly = OPTIONS.withEventTypes(EnumSet.of(EventType.NEW));
        try (TrainingEvents source = new TrainingEvents(300, newOnly, () -> { })) {
            while (source.poll(events::add)) {
                assertThat(events).extracting(ConntrackEvent::type).containsOnly(EventType.NEW);
            }
        }
        assertThat(events).hasSize(100);
    }

    @Test
    void aClosedSourceRefusesToPoll() {
        TrainingEvents source = new TrainingEvents(10, OPTIONS, () -> { });
        source.close();
        assertThat(source.isOpen()).isFalse();
        assertThatThrownBy(() -> source.poll(e -> { })).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new TrainingEvents(0, OPTIONS, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
