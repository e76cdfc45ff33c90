package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.kafka.RecordGroups.Group;
import io.conntrackd.testing.TestEvents;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** How the events of a write are grouped into records: by the default partitioner's partition, in order. */
class RecordGroupsTest {

    private static final int PARTITIONS = 6;
    private static final Function<ConntrackEvent, byte[]> FLOW_KEY =
            e -> Long.toString(e.flowId()).getBytes(StandardCharsets.US_ASCII);

    /** 60 flows, each NEW, UPDATE, DESTROY, interleaved as the kernel reports many flows at once. */
    private static List<ConntrackEvent> interleavedFlows() {
        List<ConntrackEvent> events = new ArrayList<>();
        for (EventType type : List.of(EventType.NEW, EventType.UPDATE, EventType.DESTROY)) {
            for (int flow = 1; flow <= 60; flow++) {
                events.add(TestEvents.builder(type, Protocol.UDP, TestEvents.tuple("10.0.0.1", 1000 + flow,
                        "10.0.0.2", 53)).flowId(3_000_000_000L + flow).build());
            }
        }
        return events;
    }

    @Test
    void eachGroupHoldsEventsOfThePartitionTheDefaultPartitionerGivesTheirKeys() {
        List<ConntrackEvent> events = interleavedFlows();
        List<Group> groups = new RecordGroups(4).of(events, FLOW_KEY, PARTITIONS);

        for (Group g : groups) {
            assertThat(g.events().length).isBetween(1, 4);
            for (int i : g.events()) {
                assertThat(g.partition()).as("partition of event %d", i)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(FLOW_KEY.apply(events.get(i)), PARTITIONS));
            }
        }
        assertThat(groups).extracting(Group::partition).doesNotContainNull().hasSizeGreaterThan(PARTITIONS);
    }

    @Test
    void aPartitionsGroupsFollowEachOtherInBatchOrderAndHoldEveryEventOnce() {
        List<ConntrackEvent> events = interleavedFlows();
        List<Group> groups = new RecordGroups(7).of(events, FLOW_KEY, PARTITIONS);

        Map<Integer, List<Integer>> grouped = new TreeMap<>();
        groups.forEach(g -> Arrays.stream(g.events()).forEach(i ->
                grouped.computeIfAbsent(g.partition(), p -> new ArrayList<>()).add(i)));
        Map<Integer, List<Integer>> inBatchOrder = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            inBatchOrder.computeIfAbsent(BuiltInPartitioner.partitionForKey(FLOW_KEY.apply(events.get(i)), PARTITIONS),
                    p -> new ArrayList<>()).add(i);
        }
        assertThat(grouped).isEqualTo(inBatchOrder);
        grouped.forEach((partition, indexes) -> assertThat(groups.stream().filter(g -> partition.equals(g.partition()))
                .map(g -> g.events().length).toList()).as("full groups first in partition %d", partition)
                .allMatch(n -> n == 7 || n == indexes.size() % 7));
    }

    @Test
    void withoutKeysTheBatchIsCutInOrderAndTheProducerPicksThePartitions() {
        List<ConntrackEvent> events = interleavedFlows();
        List<Group> groups = new RecordGroups(50).of(events, e -> {
            throw new AssertionError("no key without partitions");
        }, RecordGroups.UNKEYED);

        assertThat(groups).extracting(Group::partition).containsOnlyNulls();
        assertThat(groups).extracting(g -> g.events().length).containsExactly(50, 50, 50, 30);
        assertThat(groups.stream().flatMapToInt(g -> Arrays.stream(g.events())).toArray())
                .isEqualTo(java.util.stream.IntStream.range(0, events.size()).toArray());
    }

    @Test
    void oneEventMakesOneGroup() {
        List<Group> groups = new RecordGroups(100).of(List.of(TestEvents.tcp4()), FLOW_KEY, 3);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).events()).containsExactly(0);
        assertThat(groups.get(0).partition()).isEqualTo(BuiltInPartitioner.partitionForKey(
                FLOW_KEY.apply(TestEvents.tcp4()), 3));
    }
}
