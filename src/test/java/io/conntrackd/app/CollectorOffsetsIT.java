package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.conntrackd.testing.Await;
import io.conntrackd.testing.DocBlocks;
import io.conntrackd.testing.KafkaBroker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/fleet.md says of the collector route's offsets, checked with its own consumer options against a
 * real broker: while the route is stuck on a record (a sink that waits for room), no offset beyond the
 * records it finished is committed, even after the auto-commit interval; a record whose route failed is
 * processed again, not passed over; and once the route has taken every record, the offsets follow.
 */
class CollectorOffsetsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RECORDS = 50;
    private static final int STUCK_AT = 20;
    private static final int FAILS_ONCE = 30;
    private static final String GROUP = "conntrackd-collector";

    @TempDir
    Path dir;

    @Test
    void offsetsFollowOnlyWhatTheRouteFinishedAndAFailedRecordComesAgain() throws Exception {
        String route = DocBlocks.routes(FleetDocTest.DOC).stream().filter(r -> r.contains("conntrackd-collector"))
                .findFirst().orElseThrow()
                // only the consumer is under test here: the steps become one recording processor
                .replaceAll("(?s)      steps:.*", "      steps:\n        - process:\n            ref: recorder\n");
        List<Long> seen = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Processor recorder = exchange -> record(exchange, seen, release);
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")));
             CamelContext camel = new DefaultCamelContext()) {
            produce(broker);
            Properties p = new Properties();
            p.setProperty("conntrackd.sink.kafka.topic", "conntrack");
            p.setProperty("conntrackd.sink.kafka.brokers", broker.bootstrapServers());
            camel.getPropertiesComponent().setInitialProperties(p);
            camel.getRegistry().bind("recorder", recorder);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("collector.camel.yaml", route));
            camel.start();

            Await.until("the route stuck at record " + STUCK_AT, () -> List.copyOf(seen),
                    s -> s.contains((long) STUCK_AT), WAIT);
            Thread.sleep(6000); // longer than the consumer's auto-commit interval (5 s)
            assertThat(committed(broker)).as("nothing committed beyond the records the route finished")
                    .isLessThanOrEqualTo(STUCK_AT);

            release.countDown();
            Await.until("every record through the route, and their offsets committed", () -> committed(broker),
                    c -> c == RECORDS, WAIT);
            assertThat(seen.stream().filter(o -> o == FAILS_ONCE).count()).as("the failed record came again")
                    .isEqualTo(2);
            assertThat(seen.stream().distinct().count()).as("no record passed over").isEqualTo(RECORDS);
        }
    }

    /** Records the offset; waits at STUCK_AT until released; fails FAILS_ONCE the first time. */
    private static void record(Exchange exchange, List<Long> seen, CountDownLatch release) throws Exception {
        long offset = exchange.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
        boolean first = !seen.contains(offset);
        seen.add(offset);
        if (offset == STUCK_AT && !release.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("never released");
        }
        if (offset == FAILS_ONCE && first) {
            throw new IllegalStateException("a sink refused record " + offset);
        }
    }

    private static void produce(KafkaBroker broker) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.clientConfig(), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("conntrack", "line " + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The group's committed offset of the topic's only partition (the next record to read), 0 if none. */
    private static long committed(KafkaBroker broker) throws IOException {
        try (Admin admin = Admin.create(broker.clientConfig())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition("conntrack", 0));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IOException("cannot read the group's offsets", e);
        }
    }
}
