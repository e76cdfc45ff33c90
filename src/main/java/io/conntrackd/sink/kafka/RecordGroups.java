package io.conntrackd.sink.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.kafka.common.utils.Utils;

/**
 * Splits the events of one write into groups of at most {@code eventsPerRecord}, one record each, for
 * {@code events-per-record} above 1. With keys, every group holds events of one partition: the partition that
 * Kafka's default partitioner would give the event's own record (murmur2 of the key's bytes, modulo the
 * topic's partitions), so that a flow's events go where they would one record per event, and in batch order.
 * Groups are listed in the order they were started, so a partition's groups follow each other in order too.
 * Without keys the events are cut into groups in batch order and the producer picks each group's partition.
 */
final class RecordGroups {

    /** The events (indexes into the batch, in batch order) of one record, and its partition (null: any). */
    record Group(Integer partition, int[] events) {
    }

    /** The partitions to group by when the records have no key: one, whose partition the producer picks. */
    static final int UNKEYED = 0;

    private final int eventsPerRecord;

    RecordGroups(int eventsPerRecord) {
        this.eventsPerRecord = eventsPerRecord;
    }

    /**
     * The groups of {@code events}.
     *
     * @param key        the key's bytes of an event (used only with partitions)
     * @param partitions the topic's partitions, or {@link #UNKEYED} when the records have no key
     */
    List<Group> of(List<ConntrackEvent> events, Function<ConntrackEvent, byte[]> key, int partitions) {
        List<Builder> started = new ArrayList<>();
        Builder[] open = new Builder[Math.max(1, partitions)];
        for (int i = 0; i < events.size(); i++) {
            int partition = partitions == UNKEYED ? 0 : partitionOf(key.apply(events.get(i)), partitions);
            Builder group = open[partition];
            if (group == null || group.size == eventsPerRecord) {
                group = new Builder(partitions == UNKEYED ? null : partition);
                open[partition] = group;
                started.add(group);
            }
            group.add(i);
        }
        return started.stream().map(Builder::build).toList();
    }

    /** The partition of a keyed record as kafka-clients' default partitioner picks it. */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static final class Builder {

        private final Integer partition;
        private int[] events = new int[16];
        private int size;

        Builder(Integer partition) {
            this.partition = partition;
        }

        void add(int event) {
            if (size == events.length) {
                events = Arrays.copyOf(events, size * 2);
            }
            events[size++] = event;
        }

        Group build() {
            return new Group(partition, Arrays.copyOf(events, size));
        }
    }
}
