package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.DocBlocks;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet path of docs/fleet.md end to end: real kernel events from a test namespace, through an edge
 * daemon's Kafka sink, into a real broker; a collector (the same jar with {@code --routes} and the
 * collector route of the doc, no netlink socket) reads them back and pushes them to Loki: Loki stores
 * exactly the lines that the edge's stream sink wrote.
 */
class CollectorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void lokiGetsTheEdgesEventsThroughKafkaAndTheCollector() throws Exception {
        Path routes = Files.createDirectory(dir.resolve("collector"));
        String collector = DocBlocks.routes(FleetDocTest.DOC).stream().filter(r -> r.contains("conntrackd-collector"))
                .findFirst().orElseThrow();
        Files.writeString(routes.resolve("collector.camel.yaml"), collector);
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start();
             KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")));
             DaemonProcess edge = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.kafka.enable",
                     "--sink.kafka.brokers", broker.bootstrapServers());
             DaemonProcess central = DaemonProcess.startCommand(dir, DaemonProcess.command("run", "--routes",
                     routes.toString(), "--sink.kafka.brokers", broker.bootstrapServers(), "--sink.loki.enable",
                     "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                     "--sink.loki.when-full", "block"))) {
            List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 2));
            flows.addAll(ns.tcpFlows("::1", 1));
            List<JsonNode> lines = edge.awaitJsonLines("TIME_WAIT of " + flows, l -> flows.stream().allMatch(f ->
                    l.stream().anyMatch(line -> line.get("src_port").asInt() == f.sourcePort()
                            && "TIME_WAIT".equals(line.path("tcp_state").asText()))), WAIT);
            List<LokiServer.Entry> entries = loki.awaitEntries(lines.size(), WAIT);

            assertThat(entries.stream().map(LokiServer.Entry::line).sorted().toList())
                    .as("Loki has the edge's lines, field for field").isEqualTo(edge.stdout().lines().sorted().toList());
            assertThat(loki.duplicates()).isZero();
            assertThat(central.stderr()).contains("started; sinks: conntrack-loki:").doesNotContain("ERROR");
            assertThat(central.terminate(WAIT)).isZero();
            assertThat(central.stderr()).contains("Sink loki stopped: " + lines.size() + " events delivered");
        }
    }
}
