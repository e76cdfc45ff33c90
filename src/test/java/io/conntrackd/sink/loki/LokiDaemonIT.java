package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd run --sink.loki.enable} as an operator starts it, listening to real kernel events
 * in a test namespace and pushing to the in-process Loki: what Loki stored must be exactly what the
 * kernel emitted ({@code conntrack -E} in the same namespace), each event once, in low-cardinality
 * streams. The daemon's own HTTP connection runs in the host namespace, so it is not among the events.
 */
class LokiDaemonIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lokiStoresEveryKernelEventOnceWithTheLowCardinalityLabels() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.labels", "env=it",
                    "--sink.loki.batch-wait", "200", "--sink.loki.gzip")) {
                List<Flow> flows = traffic(ns);
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                loki.awaitEntries(kernel.size(), WAIT);

                assertThat(kernel).hasSizeGreaterThanOrEqualTo(flows.size() * 2);
                assertStoredExactly(loki, kernel);
                assertThat(loki.streams()).isNotEmpty().allSatisfy(labels -> assertThat(labels)
                        .containsOnlyKeys("service_name", "host", "env", "type", "prot")
                        .containsEntry("service_name", "conntrackd").containsEntry("host", Hostname.local())
                        .containsEntry("env", "it"));
                assertThat(loki.requests()).allSatisfy(r -> assertThat(r.contentEncoding()).isEqualTo("gzip"));

                assertThat(daemon.terminate(Duration.ofSeconds(5))).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).doesNotContain("ERROR", "Exception")
                        .contains("Sink loki stopped: " + kernel.size() + " events delivered, 0 failed, 0 dropped (of "
                                + kernel.size() + " accepted)");
            } finally {
                monitor.stop();
            }
        }
    }

    @Test
    void sigtermPushesWhatIsStillBatched() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "600000",
                    "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);
                List<Flow> flows = traffic(ns);
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                Await.until("the Loki sink to accept " + kernel.size() + " events",
                        () -> observe.value("conntrackd_sink_accepted_total", "sink", "loki"),
                        accepted -> accepted >= kernel.size(), WAIT);
                assertThat(loki.requests()).as("the batch waits for 10 minutes").isEmpty();

                assertThat(daemon.terminate(Duration.ofSeconds(5))).as("exit code after SIGTERM").isZero();

                assertStoredExactly(loki, kernel);
            } finally {
                monitor.stop();
            }
        }
    }

    /** TCP and UDP over IPv4 and IPv6 loopback, then a flush for the DESTROY events. */
    private static List<Flow> traffic(TestNamespace ns) throws Exception {
        List<Flow> flows = ns.mixedFlows();
        ns.flushConntrack();
        return flows;
    }

    /** Every kernel event once, in kernel order per flow, with line and metadata agreeing. */
    private static void assertStoredExactly(LokiServer loki, List<KernelEvent> kernel) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (LokiServer.Entry entry : loki.entries()) {
            JsonNode line = JSON.readTree(entry.line());
            lines.add(line);
            assertThat(entry.labels()).containsEntry("type", line.get("type").asText())
                    .containsEntry("prot", line.get("prot").asText());
            assertThat(entry.metadata()).containsEntry("flow", line.get("flow").asText())
                    .containsEntry("src_addr", line.get("src_addr").asText())
                    .containsEntry("dst_port", line.get("dst_port").asText())
                    .doesNotContainKeys("type", "prot");
        }
        Map<Long, List<String>> stored = EventKeys.byFlow(lines, l -> l.get("flow").asLong(), EventKeys::of);
        assertThat(stored).as("what Loki stored, per flow in order").isEqualTo(EventKeys.kernelByFlow(kernel));
        assertThat(loki.duplicates()).isZero();
    }
}
