package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.KafkaTopicReader;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route-level {@code to: kafka:...} of camel-kafka, with no code of ours in the route: a batch of events,
 * split, becomes one record per event whose value is the event's JSON line (the converters), the same as
 * the Kafka sink sends; and a collector-style route reads the lines back into events.
 */
class KafkaRouteIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The stream sink's line of TestEvents.tcp4() (the test JVM runs in UTC). */
    private static final String LINE = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",\"level\":\"INFO\","
            + "\"msg\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
            + "\"type\":\"NEW\",\"flow\":4000057915,\"prot\":\"TCP\","
            + "\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
            + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"}";

    @TempDir
    Path dir;

    @Test
    void aBatchBecomesOneJsonLinePerRecordAndComesBackAsEvents() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")));
             CamelContext camel = new DefaultCamelContext()) {
            String brokers = broker.bootstrapServers();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // camel-kafka sends the items of a list body as they are, unconverted: split a batch first
                    from("direct:events").split(body()).to("kafka:routed?brokers=" + brokers);
                    from("kafka:routed?brokers=" + brokers + "&groupId=back&autoOffsetReset=earliest")
                            .convertBodyTo(ConntrackEvent.class).to("mock:events");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            template.sendBody("direct:events", List.of(TestEvents.tcp4(), TestEvents.tcp4()));

            try (KafkaTopicReader reader = KafkaTopicReader.open(broker, "routed")) {
                List<ConsumerRecord<String, String>> records = reader.await(2, WAIT);
                assertThat(records).extracting(ConsumerRecord::value).containsExactly(LINE, LINE);
            }
            var mock = camel.getEndpoint("mock:events", org.apache.camel.component.mock.MockEndpoint.class);
            mock.expectedBodiesReceived(TestEvents.tcp4(), TestEvents.tcp4());
            mock.setResultWaitTime(WAIT.toMillis());
            mock.assertIsSatisfied();
        }
    }
}
