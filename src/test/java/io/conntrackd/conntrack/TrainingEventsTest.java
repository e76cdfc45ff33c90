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
            pollUntilDone(source, events, done);
            assertThat(events).hasSize(1000);
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
        AtomicInteger done = new AtomicInteger();
        try (TrainingEvents source = new TrainingEvents(300, newOnly, done::incrementAndGet)) {
            pollUntilDone(source, events, done);
        }
        assertThat(events).hasSize(100).extracting(ConntrackEvent::type).containsOnly(EventType.NEW);
    }

    @Test
    void pollsHandOverBatchesOfManySizesAndSayWhenMoreWait() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        try (TrainingEvents source = new TrainingEvents(2000, OPTIONS, () -> { })) {
            for (int i = 0; i < 8; i++) {
                List<ConntrackEvent> polled = new ArrayList<>();
                more.add(source.poll(polled::add));
                sizes.add(polled.size());
            }
        }
        assertThat(sizes).contains(1, 256).doesNotContain(0);
        assertThat(more).contains(true, false);
        for (int i = 0; i < sizes.size(); i++) {
            assertThat(more.get(i)).as("more after %s events", sizes.get(i)).isEqualTo(sizes.get(i) >= 64);
        }
    }

    /** Polls as the reader thread does until the source says it is done; at most 10,000 polls. */
    private static void pollUntilDone(TrainingEvents source, List<ConntrackEvent> events, AtomicInteger done)
            throws IOException {
        for (int polls = 0; done.get() == 0; polls++) {
            assertThat(polls).as("polls before the source is done").isLessThan(10_000);
            source.poll(events::add);
        }
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
