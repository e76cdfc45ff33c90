package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.conntrackd.testing.KafkaBroker.Security;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real broker of {@link KafkaBroker} in each of its variants, proven with plain kafka-clients: records
 * written by a producer come back to a consumer, and a client without the CA or with a wrong password is
 * turned away (so TLS and SASL are really in force), as is a client without a certificate when the broker
 * requires one. Stopped and started again, it keeps its records.
 */
class KafkaBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Security.class)
    void recordsGoThroughAndStrangersAreTurnedAway(Security security) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, security, Map.of())) {
            send(broker.clientConfig(), "proof", 0, 10);
            if (security.sasl()) {
                send(broker.clientConfig("PLAIN", KafkaBroker.PASSWORD), "proof", 10, 12);
            }
            try (KafkaTopicReader reader = KafkaTopicReader.open(broker, "proof")) {
                List<ConsumerRecord<String, String>> records = reader.await(security.sasl() ? 12 : 10, WAIT);
                assertThat(records).extracting(ConsumerRecord::key).startsWith("key-0", "key-1", "key-2");
                assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(
                        security.sasl() ? values(0, 12) : values(0, 10));
            }
            if (security.tls()) {
                Map<String, Object> untrusting = new HashMap<>(broker.clientConfig());
                untrusting.remove("ssl.truststore.type");
                untrusting.remove("ssl.truststore.location");
                assertRefused(untrusting);
            }
            if (security.sasl()) {
                assertRefused(broker.clientConfig(KafkaBroker.SCRAM, "not-the-password"));
                assertRefused(broker.clientConfig("PLAIN", "not-the-password"));
            }
        }
    }

    @Test
    void aBrokerRequiringClientCertificatesTurnsAwayAClientWithoutOne() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startRequiringClientCertificates(dir)) {
            send(broker.clientConfig(), "proof", 0, 3);
            try (KafkaTopicReader reader = KafkaTopicReader.open(broker, "proof")) {
                assertThat(reader.await(3, WAIT)).extracting(ConsumerRecord::value)
                        .containsExactlyElementsOf(values(0, 3));
            }
            Map<String, Object> anonymous = new HashMap<>(broker.clientConfig());
            anonymous.keySet().removeIf(key -> key.startsWith("ssl.keystore."));
            assertRefused(anonymous);
        }
    }

    @Test
    void aStoppedBrokerComesBackWithItsRecords() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            send(broker.clientConfig(), "kept", 0, 3);
            broker.stop();
            assertThat(broker.running()).isFalse();
            broker.start();
            send(broker.clientConfig(), "kept", 3, 5);
            try (KafkaTopicReader reader = KafkaTopicReader.open(broker, "kept")) {
                assertThat(reader.await(5, WAIT)).extracting(ConsumerRecord::value)
                        .containsExactlyElementsOf(values(0, 5));
            }
        }
    }

    private static void send(Map<String, Object> config, String topic, int from, int to) throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(config);
        producerConfig.put("acks", "all");
        producerConfig.put("enable.idempotence", "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> values(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "value-" + i).toList();
    }

    private static void assertRefused(Map<String, Object> config) {
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(AuthenticationException.class);
        }
    }
}
