package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import io.conntrackd.testing.TestEvents;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.MockProducer;
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
    void aSendTheProducerRefusesOutrightFailsItsEvent() {
        producer.close();
        writer.write(new EventBatch(List.of(TestEvents.tcp4()), stats));
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(writer.unacknowledged()).isZero();
    }
}
