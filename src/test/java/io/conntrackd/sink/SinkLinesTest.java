package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks of one CamelContext share each event's line while started, and only those that get the route's events. */
class SinkLinesTest {

    @TempDir
    Path bufferDirectory;

    /** A sink that keeps the line its encoder gave for each event, by event. */
    private static final class LineSink extends SinkEndpoint {

        final Map<ConntrackEvent, byte[]> lines = new ConcurrentHashMap<>();
        volatile LineEncoder encoder;

        LineSink(CamelContext camel, String name, SinkConfiguration configuration) {
            super("lines:" + name, null, name, configuration);
            setCamelContext(camel);
        }

        @Override
        protected SinkWriter createWriter() {
            LineEncoder e = lineEncoder();
            encoder = e;
            return batch -> {
                for (ConntrackEvent event : batch.events()) {
                    lines.put(event, e.line(event));
                }
                batch.settleRemaining(Outcome.DELIVERED, null);
            };
        }

        void send(List<ConntrackEvent> events) throws Exception {
            Producer producer = createProducer();
            producer.start();
            Exchange exchange = createExchange();
            exchange.getMessage().setBody(events);
            producer.process(exchange);
            Await.until(getSinkId() + " wrote " + events.size() + " events", () -> getStats(),
                    s -> s.delivered() >= events.size(), Duration.ofSeconds(10));
        }
    }

    @Test
    void twoStartedSinksWriteOneEncodingOfEachEventAndStopSharingWhenOneStops() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            LineSink stream = new LineSink(camel, "stream", new SinkConfiguration());
            LineSink kafka = new LineSink(camel, "kafka", new BufferedSinkConfiguration());
            stream.start();
            kafka.start();
            List<ConntrackEvent> events = List.of(TestEvents.tcp4(), TestEvents.udp6());

            stream.send(events);
            kafka.send(events);

            assertThat(kafka.encoder.isShared()).isTrue();
            for (ConntrackEvent e : events) {
                assertThat(kafka.lines.get(e)).isSameAs(stream.lines.get(e)).isEqualTo(new LineEncoder().line(e));
            }
            assertThat(kafka.encoder.reused()).isEqualTo(2);
            assertThat(EventLines.of(camel).kept()).isZero();

            kafka.stop();
            assertThat(stream.encoder.isShared()).isFalse();
            stream.stop();
        }
    }

    @Test
    void aDiskBufferedSinkGetsEventsReadBackAndSharesNothing() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            BufferedSinkConfiguration onDisk = new BufferedSinkConfiguration();
            onDisk.setBuffer(BufferedSinkConfiguration.Buffer.DISK);
            onDisk.setBufferDirectory(bufferDirectory.toString());
            LineSink stream = new LineSink(camel, "stream", new SinkConfiguration());
            LineSink loki = new LineSink(camel, "loki", onDisk);
            stream.start();
            loki.start();

            loki.send(List.of(TestEvents.tcp4()));

            assertThat(stream.encoder.isShared()).isFalse();
            assertThat(loki.encoder.isShared()).isFalse();
            assertThat(loki.lines.values()).singleElement().isEqualTo(new LineEncoder().line(TestEvents.tcp4()));
            loki.stop();
            stream.stop();
        }
    }
}
