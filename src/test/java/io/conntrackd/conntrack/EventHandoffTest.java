package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class EventHandoffTest {

    private static List<ConntrackEvent> events(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> TestEvents.event(EventType.NEW, Protocol.UDP, "10.0.0.1", 1000 + i, "10.0.0.2", 53))
                .toList();
    }

    private static List<Integer> ports(List<ConntrackEvent> events) {
        return events.stream().map(e -> e.original().sourcePort() - 1000).toList();
    }

    @Test
    void takesWhatWaitsInOrderUpToTheBatchSize() throws Exception {
        EventHandoff handoff = new EventHandoff(100);
        assertThat(handoff.offerAll(events(0, 3), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(handoff.offerAll(events(3, 10), 0, TimeUnit.MILLISECONDS)).isTrue();

        List<ConntrackEvent> batch = new ArrayList<>();
        assertThat(handoff.drainTo(batch, 8, 0, TimeUnit.MILLISECONDS)).isEqualTo(8);
        assertThat(ports(batch)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        batch.clear();
        assertThat(handoff.drainTo(batch, 8, 0, TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(ports(batch)).containsExactly(8, 9);
        assertThat(handoff.isEmpty()).isTrue();
        assertThat(handoff.drainTo(batch, 8, 10, TimeUnit.MILLISECONDS)).as("nothing came in time").isZero();
    }

    @Test
    void aReceiveThatDoesNotFitIsRefusedWholeAndTakenOnceThereIsRoom() throws Exception {
        EventHandoff handoff = new EventHandoff(10);
        assertThat(handoff.offerAll(events(0, 8), 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(handoff.offerAll(events(8, 11), 10, TimeUnit.MILLISECONDS)).as("3 more than fit").isFalse();

        List<ConntrackEvent> batch = new ArrayList<>();
        handoff.drainTo(batch, 1, 0, TimeUnit.MILLISECONDS);
        assertThat(handoff.offerAll(events(8, 11), 0, TimeUnit.MILLISECONDS)).isTrue();
        handoff.drainTo(batch, 100, 0, TimeUnit.MILLISECONDS);
        assertThat(ports(batch)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aReceiveLargerThanTheWholeQueueIsHandedOverInParts() throws Exception {
        EventHandoff handoff = new EventHandoff(4);
        CompletableFuture<Boolean> offered = CompletableFuture.supplyAsync(() -> {
            try {
                return handoff.offerAll(events(0, 10), 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<ConntrackEvent> taken = new ArrayList<>();
        while (taken.size() < 10) {
            handoff.drainTo(taken, 3, 5, TimeUnit.SECONDS);
        }
        assertThat(offered.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ports(taken)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void countsAndDiscardsWhatWaits() throws Exception {
        EventHandoff handoff = new EventHandoff(10);
        handoff.offerAll(events(0, 7), 0, TimeUnit.MILLISECONDS);
        assertThat(handoff.size()).isEqualTo(7);

        assertThat(handoff.clear()).as("discarded").isEqualTo(7);
        assertThat(handoff.size()).isZero();
        assertThat(handoff.offerAll(events(0, 10), 0, TimeUnit.MILLISECONDS)).as("room for a full queue again").isTrue();
        List<ConntrackEvent> batch = new ArrayList<>();
        handoff.drainTo(batch, 100, 0, TimeUnit.MILLISECONDS);
        assertThat(ports(batch)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
