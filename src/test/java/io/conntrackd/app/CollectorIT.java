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
 * exactly the lines that the edge's stream sink wrote: with a record per event, and with the edge grouping
 * events into records ({@code --sink.kafka.events-per-record}), which the same route reads.
 */
class CollectorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void lokiGetsTheEdgesEventsThroughKafkaAndTheCollector() throws Exception {
        assertTheCollectorDeliversTheEdgesLines(0);
    }

    /** The same collector route, with the edge grouping events into records and a burst of events to group. */
    @Test
    void lokiGetsTheEdgesEventsFromGroupedRecords() throws Exception {
        assertTheCollectorDeliversTheEdgesLines(200, "--sink.kafka.events-per-record", "100");
    }

    /** Runs the edge (with {@code edgeOptions}), Kafka, the collector and Loki; makes flows and a UDP flood of {@code flood}. */
    private void assertTheCollectorDeliversTheEdgesLines(int flood, String... edgeOptions) throws Exception {
        Path routes = Files.createDirectory(dir.resolve("collector"));
        String collector = DocBlocks.routes(FleetDocTest.DOC).stream().filter(r -> r.contains("conntrackd-collector"))
                .findFirst().orElseThrow();
        Files.writeString(routes.resolve("collector.camel.yaml"), collector);
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start();
             KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")));
             DaemonProcess edge = DaemonProcess.start(ns, dir, edgeArguments(broker, edgeOptions));
             DaemonProcess central = DaemonProcess.startCommand(dir, DaemonProcess.command("run", "--routes",
                     routes.toString(), "--sink.kafka.brokers", broker.bootstrapServers(), "--sink.loki.enable",
                     "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                     "--sink.loki.when-full", "block"))) {
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600"); // no DESTROY of the flood before the end
            List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 2));
            flows.addAll(ns.tcpFlows("::1", 1));
            int floodPort = flood == 0 ? -1 : ns.udpFlood("127.0.0.1", flood, 20000);
            List<JsonNode> lines = edge.awaitJsonLines("TIME_WAIT of " + flows + " and " + flood + " flood events",
                    l -> flows.stream().allMatch(f -> l.stream().anyMatch(line -> line.get("src_port").asInt()
                            == f.sourcePort() && "TIME_WAIT".equals(line.path("tcp_state").asText())))
                            && l.stream().filter(line -> line.get("dst_port").asInt() == floodPort).count() >= flood,
                    WAIT);
            List<LokiServer.Entry> entries = loki.awaitEntries(lines.size(), WAIT);

            assertThat(entries.stream().map(LokiServer.Entry::line).sorted().toList())
                    .as("Loki has the edge's lines, field for field").isEqualTo(edge.stdout().lines().sorted().toList());
            assertThat(loki.duplicates()).isZero();
            assertThat(central.stderr()).contains("started; sinks: conntrack-loki:").doesNotContain("ERROR");
            assertThat(central.terminate(WAIT)).isZero();
            assertThat(central.stderr()).contains("Sink loki stopped: " + lines.size() + " events delivered");
        }
    }

    private static String[] edgeArguments(KafkaBroker broker, String... options) {
        List<String> args = new ArrayList<>(List.of("--sink.stream.enable", "--sink.kafka.enable",
                "--sink.kafka.brokers", broker.bootstrapServers()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }
}
