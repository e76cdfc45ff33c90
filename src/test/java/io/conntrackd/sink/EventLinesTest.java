package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    private final EventLines lines = new EventLines();

    @Test
    void twoSinksGetOneEncodingOfAnEventAndTheTableLetsItGoOnceBothHaveIt() {
        LineEncoder stream = lines.join();
        LineEncoder kafka = lines.join();
        ConntrackEvent event = TestEvents.tcp4();

        byte[] first = stream.line(event);
        assertThat(lines.kept()).isEqualTo(1);
        byte[] second = kafka.line(event);

        assertThat(second).isSameAs(first).isEqualTo(new LineEncoder().line(event));
        assertThat(stream.encoded()).isEqualTo(1);
        assertThat(kafka.encoded()).isZero();
        assertThat(kafka.reused()).isEqualTo(1);
        assertThat(lines.kept()).isZero();
    }

    @Test
    void aSinkAloneKeepsNothing() {
        LineEncoder alone = lines.join();

        byte[] line = alone.line(TestEvents.tcp4());

        assertThat(alone.isShared()).isFalse();
        assertThat(line).isEqualTo(new LineEncoder().line(TestEvents.tcp4()));
        assertThat(lines.kept()).isZero();
    }

    @Test
    void withThreeSinksALineStaysUntilBothOthersTookIt() {
        LineEncoder a = lines.join();
        LineEncoder b = lines.join();
        LineEncoder c = lines.join();
        ConntrackEvent event = TestEvents.udp6();

        byte[] line = a.line(event);
        assertThat(b.line(event)).isSameAs(line);
        assertThat(lines.kept()).isEqualTo(1);
        assertThat(c.line(event)).isSameAs(line);
        assertThat(lines.kept()).isZero();
    }

    @Test
    void anEqualEventThatIsAnotherObjectIsEncodedAgain() {
        LineEncoder a = lines.join();
        LineEncoder b = lines.join();
        ConntrackEvent event = TestEvents.tcp4();
        ConntrackEvent copy = event.withLocations(null, null);

        byte[] line = a.line(event);
        byte[] again = b.line(copy);

        assertThat(copy).isEqualTo(event).isNotSameAs(event);
        assertThat(again).isNotSameAs(line).isEqualTo(line);
        assertThat(b.reused()).isZero();
    }

    @Test
    void whenASinkLeavesTheOtherKeepsNothingMore() {
        LineEncoder a = lines.join();
        LineEncoder b = lines.join();
        a.line(TestEvents.tcp4());
        assertThat(lines.kept()).isEqualTo(1);

        b.leave();
        b.leave(); // a second leave changes nothing

        assertThat(lines.kept()).isZero();
        assertThat(a.isShared()).isFalse();
        a.line(TestEvents.udp6());
        assertThat(lines.kept()).isZero();
        assertThat(lines.join().isShared()).as("a and the new sink").isTrue();
    }

    @Test
    void anEncoderOfItsOwnSharesNothing() {
        LineEncoder own = new LineEncoder();
        own.leave();

        assertThat(own.isShared()).isFalse();
        assertThat(own.line(TestEvents.tcp4())).isNotSameAs(own.line(TestEvents.tcp4()));
        assertThat(own.encoded()).isEqualTo(2);
    }

    /** A sink far behind (older events than the table holds) keeps its lines only where they push out nothing newer. */
    @Test
    void aSinkFarBehindPushesOutNoLineThatTheSinksAheadKeptForOthers() {
        List<ConntrackEvent> recent = manyEvents(EventLines.SLOTS / 2, TestEvents.RECEIVED_NANOS + 1_000_000_000L);
        List<ConntrackEvent> old = manyEvents(4 * EventLines.SLOTS, TestEvents.RECEIVED_NANOS);
        long undisturbed = reusedAfter(recent, List.of());

        long afterTheLaggard = reusedAfter(recent, old);

        assertThat(undisturbed).as("lines of the recent events found by the second sink")
                .isGreaterThan(recent.size() * 8L / 10); // some share both places with two others
        assertThat(afterTheLaggard).isEqualTo(undisturbed);
    }

    /** Lines a second sink takes of {@code recent}, encoded by a first sink, after a third encoded {@code old}. */
    private static long reusedAfter(List<ConntrackEvent> recent, List<ConntrackEvent> old) {
        EventLines table = new EventLines();
        LineEncoder ahead = table.join();
        LineEncoder behind = table.join();
        LineEncoder farBehind = table.join();
        recent.forEach(ahead::line);
        old.forEach(farBehind::line);
        recent.forEach(behind::line);
        return behind.reused();
    }

    /** Two sink threads on the same events, each in its own order of arrival: every line is its event's own. */
    @Test
    void sinksOnTheirOwnThreadsEachGetEveryEventsOwnLine() throws Exception {
        List<ConntrackEvent> events = manyEvents(100_000, TestEvents.RECEIVED_NANOS);
        LineEncoder reference = new LineEncoder();
        List<byte[]> expected = new ArrayList<>(events.size());
        for (ConntrackEvent e : events) {
            expected.add(reference.line(e));
        }
        LineEncoder[] sinks = {lines.join(), lines.join()};
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Integer>>> wrong = new ArrayList<>();
            for (LineEncoder sink : sinks) {
                wrong.add(threads.submit(() -> {
                    List<Integer> indexes = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        if (!Arrays.equals(sink.line(events.get(i)), expected.get(i))) {
                            indexes.add(i);
                        }
                    }
                    return indexes;
                }));
            }
            for (Future<List<Integer>> w : wrong) {
                assertThat(w.get(60, TimeUnit.SECONDS)).as("events whose line was not their own").isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sinks[0].encoded() + sinks[0].reused()).isEqualTo(events.size());
        assertThat(sinks[1].encoded() + sinks[1].reused()).isEqualTo(events.size());
        assertThat(sinks[0].encoded() + sinks[1].encoded()).isGreaterThanOrEqualTo(events.size());
    }

    /** Events that differ in what their lines show: flow, type, time, ports, and a location for some. */
    private static List<ConntrackEvent> manyEvents(int count, long firstReceivedNanos) {
        Location somewhere = new Location("Kassel", "Germany", "DE", 51.2993, 9.491, 3320, "Deutsche Telekom AG");
        EventType[] types = EventType.values();
        List<ConntrackEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String source = "10.0." + (i >> 8 & 255) + "." + (i & 255);
            ConntrackEvent e = TestEvents.builder(types[i % types.length], Protocol.UDP,
                            TestEvents.tuple(source, 1024 + i % 60000, "10.9.9.9", 53))
                    .flowId(i / 2).receivedNanos(firstReceivedNanos + i / 64 * 1000L).build();
            events.add(i % 3 == 0 ? e.withLocations(somewhere, null) : e);
        }
        return events;
    }
}
