package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import io.conntrackd.testing.TestEvents;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * How the writer settles events: not when it hands them to the producer, but when the producer's callback
 * says what became of each record (kafka-clients' MockProducer stands in for the brokers here; the real
 * broker is in KafkaSinkIT and KafkaOutageIT).
 */
class KafkaWriterTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final SinkStats stats = new SinkStats("kafka");
    private final KafkaWriter writer = new KafkaWriter(producer, new KafkaRecords("conntrack", RecordKey.FLOW, "h"),
            new KafkaSinkConfiguration());

    @Test
    void eachEventIsSettledByItsRecordsAcknowledgement() {
        writer.write(new EventBatch(List.of(TestEvents.tcp4(), TestEvents.tcp4(), TestEvents.tcp4(),
                TestEvents.tcp4()), stats));
        assertThat(producer.history()).hasSize(4);
        assertThat(writer.unacknowledged()).isEqualTo(4);
        assertThat(stats.delivered() + stats.failed() + stats.dropped()).as("nothing settled before an answer")
                .isZero();

        producer.completeNext();
        producer.errorNext(new BufferExhaustedException("no room"));
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.completeNext();

        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.dropped()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(writer.unacknowledged()).isZero();
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void aGroupedRecordGoesToItsEventsPartitionAndItsAcknowledgementSettlesThemAll() {
        MockProducer<byte[], byte[]> three = new MockProducer<>(cluster(3), false, new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaWriter grouping = new KafkaWriter(three, new KafkaRecords("conntrack", RecordKey.FLOW, "h"),
                eventsPerRecord(4, RecordKey.FLOW));
        List<ConntrackEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(TestEvents.builder(EventType.NEW, Protocol.UDP, TestEvents.tuple("10.0.0.1", 2000 + i,
                    "10.0.0.2", 53)).flowId(i % 5).build());
        }
        grouping.write(new EventBatch(events, stats));

        List<ProducerRecord<byte[], byte[]>> sent = three.history();
        assertThat(sent).allSatisfy(r -> {
            String[] lines = new String(r.value(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines.length).isBetween(1, 4)
                    .isEqualTo(Integer.parseInt(new String(r.headers().lastHeader("events").value(),
                            StandardCharsets.US_ASCII)));
            for (String line : lines) {
                String flow = line.replaceAll(".*\"flow\":([0-9]+),.*", "$1");
                assertThat(r.partition()).isEqualTo(BuiltInPartitioner.partitionForKey(flow.getBytes(), 3));
            }
        });
        assertThat(sent.stream().mapToInt(r -> new String(r.value(), StandardCharsets.UTF_8).split("\n").length).sum())
                .isEqualTo(10);
        assertThat(grouping.unacknowledged()).isEqualTo(10);

        int first = eventsOf(sent.get(0));
        three.errorNext(new BufferExhaustedException("no room"));
        assertThat(stats.dropped()).isEqualTo(first);
        assertThat(grouping.unacknowledged()).isEqualTo(10 - first);
        while (three.completeNext()) {
            // every other record acknowledged
        }
        assertThat(stats.delivered()).isEqualTo(10 - first);
        assertThat(grouping.unacknowledged()).isZero();
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void withoutKeysGroupedRecordsLeaveThePartitionToTheProducer() {
        KafkaWriter grouping = new KafkaWriter(producer, new KafkaRecords("conntrack", RecordKey.NONE, "h"),
                eventsPerRecord(3, RecordKey.NONE));
        grouping.write(new EventBatch(List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4(),
                TestEvents.udp6()), stats));
        assertThat(producer.history()).extracting(ProducerRecord::partition).containsExactly(null, null);
        assertThat(producer.history()).extracting(KafkaWriterTest::eventsOf).containsExactly(3, 1);
        producer.errorNext(new RecordTooLargeException("too large"));
        assertThat(stats.failed()).isEqualTo(3);
    }

    @Test
    void aTopicWithoutKnownPartitionsFailsTheGroupedBatch() {
        KafkaWriter grouping = new KafkaWriter(producer, new KafkaRecords("conntrack", RecordKey.FLOW, "h"),
                eventsPerRecord(3, RecordKey.FLOW));
        grouping.write(new EventBatch(List.of(TestEvents.tcp4(), TestEvents.udp6()), stats));
        assertThat(producer.history()).isEmpty();
        assertThat(stats.failed()).isEqualTo(2);
        assertThat(grouping.unacknowledged()).isZero();
    }

    private static KafkaSinkConfiguration eventsPerRecord(int events, RecordKey key) {
        KafkaSinkConfiguration options = new KafkaSinkConfiguration();
        options.setEventsPerRecord(events);
        options.setKey(key);
        return options;
    }

    private static Cluster cluster(int partitions) {
        Node node = new Node(1, "127.0.0.1", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo("conntrack", p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }

    private static int eventsOf(ProducerRecord<byte[], byte[]> r) {
        return Integer.parseInt(new String(r.headers().lastHeader("events").value(), StandardCharsets.US_ASCII));
    }

    @Test
    void aSendTheProducerRefusesOutrightFailsItsEvent() {
        producer.close();
        writer.write(new EventBatch(List.of(TestEvents.tcp4()), stats));
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(writer.unacknowledged()).isZero();
    }
}
