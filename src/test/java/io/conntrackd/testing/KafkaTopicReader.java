package io.conntrackd.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain kafka-clients consumer that reads a topic from its beginning, in a consumer group of its own,
 * and keeps every record it has seen: what a test reads back from a {@link KafkaBroker}.
 */
public final class KafkaTopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private KafkaTopicReader(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /** Subscribes to {@code topic} with the broker's client settings and {@code extra} ones. */
    public static KafkaTopicReader open(KafkaBroker broker, String topic, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(broker.clientConfig());
        config.put("group.id", "test-reader-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("allow.auto.create.topics", "false");
        config.putAll(extra);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return new KafkaTopicReader(consumer);
    }

    /** {@link #open(KafkaBroker, String, Map)} with the broker's client settings. */
    public static KafkaTopicReader open(KafkaBroker broker, String topic) {
        return open(broker, topic, Map.of());
    }

    /** Every record read so far, after one more poll. */
    public List<ConsumerRecord<String, String>> records() {
        consumer.poll(POLL).forEach(records::add);
        return List.copyOf(records);
    }

    /**
     * Polls until the records read so far satisfy {@code condition} and returns them; fails naming
     * {@code what} when they do not within {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> await(String what, Predicate<List<ConsumerRecord<String, String>>>
            condition, Duration timeout) throws IOException {
        return Await.until(what + " in Kafka", this::records, condition, timeout);
    }

    /** Polls until at least {@code count} records were read; returns them all. */
    public List<ConsumerRecord<String, String>> await(int count, Duration timeout) throws IOException {
        return await(count + " records", r -> r.size() >= count, timeout);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
