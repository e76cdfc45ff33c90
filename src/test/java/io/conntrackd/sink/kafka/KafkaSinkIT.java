package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.support.Hostname;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.KafkaBroker.Security;
import io.conntrackd.testing.KafkaTopicReader;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kernel events from a test namespace, through the packaged daemon's Kafka sink, into a real broker,
 * read back by a plain consumer: the same events as {@code conntrack -E} saw, each record's value exactly
 * the stream sink's line of the event (every field), its key the flow id, the headers type, prot and host,
 * and each flow's events in kernel order. Then over TLS, over TLS with a client certificate, and over
 * SASL/SCRAM on TLS against brokers that require them, with the passwords from a file or a variable that no
 * output shows. With events grouped into records (events-per-record), the lines of the records are the stream
 * sink's lines, each record in the partition of its events' flow ids, each flow in kernel order.
 */
class KafkaSinkIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRAM_PASSWORD_FILE = "scram-password";
    private static final int FLOOD = 300;

    @TempDir
    Path dir;

    @Test
    void theBrokerGetsEveryKernelEventAsItsStreamLine() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.kafka.enable",
                    "--sink.kafka.brokers", broker.bootstrapServers(), "--metrics.enable", "--metrics.address",
                    "127.0.0.1:0");
                 KafkaTopicReader reader = KafkaTopicReader.open(broker, "conntrack")) {
                List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 3));
                flows.addAll(ns.tcpFlows("::1", 2));
                List<KernelEvent> kernel = monitor.awaitEvents("TIME_WAIT of " + flows, events -> flows.stream()
                        .allMatch(f -> events.stream().anyMatch(e -> e.sourcePort() == f.sourcePort()
                                && "TIME_WAIT".equals(e.state()))), WAIT);
                List<JsonNode> lines = daemon.awaitJsonLines(kernel.size() + " lines", l -> l.size() >= kernel.size(),
                        WAIT);
                List<ConsumerRecord<String, String>> records = reader.await(kernel.size(), WAIT);

                assertThat(EventKeys.byFlow(records, r -> json(r.value()).get("flow").asLong(),
                        r -> EventKeys.of(json(r.value()))))
                        .as("each flow's events, in kernel order").isEqualTo(EventKeys.kernelByFlow(kernel));
                assertThat(records.stream().map(ConsumerRecord::value).sorted().toList())
                        .as("each value is the stream sink's line").isEqualTo(daemon.stdout().lines().sorted().toList());
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode event = json(r.value());
                    assertThat(r.key()).isEqualTo(event.get("flow").asText());
                    assertThat(headers(r)).containsExactly(Map.entry("type", event.get("type").asText()),
                            Map.entry("prot", event.get("prot").asText()), Map.entry("host", Hostname.local()));
                }
                assertThat(lines).hasSize(kernel.size());
                ObserveClient observe = ObserveClient.of(daemon);
                // a record can be read before the producer has the broker's acknowledgement, which counts it
                assertThat(Await.until(kernel.size() + " records acknowledged",
                        () -> observe.value("conntrackd_sink_delivered_total", "sink", "kafka"),
                        n -> n >= kernel.size(), WAIT)).isEqualTo(kernel.size());
                assertThat(observe.value("conntrackd_sink_failed_total", "sink", "kafka")).isZero();
                assertThat(observe.value("conntrackd_sink_dropped_total", "sink", "kafka")).isZero();
                assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).contains("Sink kafka stopped: " + kernel.size() + " events delivered,"
                        + " 0 failed, 0 dropped");
            } finally {
                monitor.stop();
            }
        }
    }

    @Test
    void groupedRecordsCarryEveryEventTheStreamSinkPrintedInKernelOrderPerFlow() throws Exception {
        int partitions = 3;
        try (TestNamespace ns = TestNamespace.create();
             KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")), Security.PLAINTEXT,
                     Map.of("num.partitions", Integer.toString(partitions)));
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.kafka.enable",
                     "--sink.kafka.brokers", broker.bootstrapServers(), "--sink.kafka.events-per-record", "100");
             KafkaTopicReader reader = KafkaTopicReader.open(broker, "conntrack")) {
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600"); // no DESTROY of the flood before the end
            List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 3));
            flows.addAll(ns.tcpFlows("::1", 2));
            int flood = ns.udpFlood("127.0.0.1", FLOOD, 20000); // a burst, so that writes hold many events
            daemon.awaitJsonLines("TIME_WAIT of " + flows + " and the flood", l -> flows.stream().allMatch(f ->
                    l.stream().anyMatch(line -> line.get("src_port").asInt() == f.sourcePort()
                            && "TIME_WAIT".equals(line.path("tcp_state").asText())))
                    && l.stream().filter(line -> line.get("dst_port").asInt() == flood).count() >= FLOOD, WAIT);
            assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
            List<String> printed = daemon.stdout().lines().toList();
            assertThat(daemon.stderr()).contains("Sink kafka stopped: " + printed.size() + " events delivered,"
                    + " 0 failed, 0 dropped");
            List<ConsumerRecord<String, String>> records = reader.await(printed.size() + " events",
                    r -> linesOf(r).size() >= printed.size(), WAIT);
            List<String> events = linesOf(records);

            assertThat(events.stream().sorted().toList()).as("every event the stream sink printed, every field")
                    .isEqualTo(printed.stream().sorted().toList());
            assertThat(EventKeys.byFlow(events, l -> json(l).get("flow").asLong(), l -> EventKeys.of(json(l))))
                    .as("each flow's events in kernel order").isEqualTo(EventKeys.byFlow(printed,
                            l -> json(l).get("flow").asLong(), l -> EventKeys.of(json(l))));
            assertThat(records.size()).as("fewer records than events").isLessThan(events.size());
            for (ConsumerRecord<String, String> r : records) {
                List<String> lines = r.value().lines().toList();
                assertThat(r.key()).isNull();
                assertThat(headers(r)).containsExactly(Map.entry("host", Hostname.local()),
                        Map.entry("events", Integer.toString(lines.size())));
                assertThat(lines).hasSizeBetween(1, 100).allSatisfy(l -> assertThat(r.partition())
                        .as("the default partitioner's partition of the flow id").isEqualTo(
                                BuiltInPartitioner.partitionForKey(json(l).get("flow").asText().getBytes(
                                        StandardCharsets.US_ASCII), partitions)));
            }
        }
    }

    private static List<String> linesOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().flatMap(r -> r.value().lines()).toList();
    }

    @Test
    void tlsWithTheBrokersCa() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")), Security.SSL,
                Map.of())) {
            assertDelivered(broker, Map.of(), List.of("--sink.kafka.tls.enable", "--sink.kafka.tls.ca-file",
                    broker.caFile().toString()));
        }
    }

    @Test
    void aClientCertificateFromAPkcs12KeyStoreWithItsPasswordFromAVariable() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startRequiringClientCertificates(
                Files.createDirectory(dir.resolve("broker")))) {
            DaemonProcess daemon = assertDelivered(broker, Map.of("CONNTRACKD_SINK_KAFKA_TLS_KEY_STORE_PASSWORD",
                    KafkaBroker.KEY_STORE_PASSWORD), List.of("--sink.kafka.tls.enable", "--sink.kafka.tls.ca-file",
                    broker.caFile().toString(), "--sink.kafka.tls.key-store", broker.clientKeyStore().toString(),
                    "--log.level", "debug"));
            assertThat(daemon.stderr()).contains("started; sinks: conntrack-stream:stdout, conntrack-kafka:conntrack")
                    .doesNotContain(KafkaBroker.KEY_STORE_PASSWORD);
        }
    }

    @Test
    void scramOverTlsWithThePasswordFromAFileThatNoOutputShows() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")), Security.SASL_SSL,
                Map.of())) {
            Path password = Files.writeString(dir.resolve(SCRAM_PASSWORD_FILE), KafkaBroker.PASSWORD + "\n");
            DaemonProcess daemon = assertDelivered(broker, Map.of(), List.of("--sink.kafka.tls.enable",
                    "--sink.kafka.tls.ca-file", broker.caFile().toString(), "--sink.kafka.sasl.mechanism",
                    "scram-sha-512", "--sink.kafka.sasl.username", KafkaBroker.USER, "--sink.kafka.sasl.password-file",
                    password.toString(), "--log.level", "debug"));
            assertThat(daemon.stderr()).doesNotContain(KafkaBroker.PASSWORD);
        }
    }

    /**
     * Runs the daemon with the Kafka sink, {@code options} and {@code environment}, makes a flow, and checks that
     * its events reach the broker (and that /metrics shows none of the test secrets); returns the daemon, stopped.
     */
    private DaemonProcess assertDelivered(KafkaBroker broker, Map<String, String> environment, List<String> options)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--sink.stream.enable", "--sink.kafka.enable",
                "--sink.kafka.brokers", broker.bootstrapServers(), "--metrics.enable", "--metrics.address",
                "127.0.0.1:0"));
        args.addAll(options);
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, environment, args.toArray(String[]::new));
             KafkaTopicReader reader = KafkaTopicReader.open(broker, "conntrack")) {
            Flow flow = ns.tcpFlows("127.0.0.1", 1).get(0);
            List<JsonNode> lines = daemon.awaitJsonLines("the flow's TIME_WAIT", l -> l.stream().anyMatch(line ->
                    line.get("src_port").asInt() == flow.sourcePort()
                            && "TIME_WAIT".equals(line.path("tcp_state").asText())), WAIT);
            List<ConsumerRecord<String, String>> records = reader.await(lines.size(), WAIT);
            assertThat(records.stream().map(ConsumerRecord::value).toList())
                    .isEqualTo(daemon.stdout().lines().toList());
            String metrics = ObserveClient.of(daemon).get("/metrics").body();
            assertThat(metrics).doesNotContain(KafkaBroker.PASSWORD).doesNotContain(KafkaBroker.KEY_STORE_PASSWORD);
            assertThat(daemon.terminate(WAIT)).isZero();
            return daemon;
        }
    }

    private static List<Map.Entry<String, String>> headers(ConsumerRecord<String, String> r) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(Map.entry(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        }
        return headers;
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
