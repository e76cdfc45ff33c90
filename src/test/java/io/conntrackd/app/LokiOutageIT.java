package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loki is down for 30 seconds while real kernel events keep coming. The stream sink writes every event
 * throughout; the Loki sink holds what fits its buffer (kept small here: 8 KiB, a dozen entries) and
 * pushes it when Loki is back, and every event that did not fit is counted as dropped: what Loki lacks
 * in the end is exactly the count of dropped events.
 */
class LokiOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void lokiGetsWhatItsBufferHeldAndTheRestIsCountedAsDropped() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                    "--sink.loki.batch-bytes", "4096", "--sink.loki.buffer-bytes", "8192",
                    "--sink.loki.min-backoff", "200", "--sink.loki.max-backoff", "1000",
                    "--sink.loki.max-retries", "1000", "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);

                ns.tcpFlows("127.0.0.1", 1);
                int before = awaitKernelEvents(monitor, 1).size();
                assertThat(loki.awaitEntries(before, WAIT)).as("Loki up: every event").isTrue();

                loki.down();
                long outageStart = System.nanoTime();
                // about 40 events, far more than the Loki buffer holds; TCP, because closed TCP flows leave the
                // table after 120 s, while unanswered UDP flows would end (DESTROY events) within the outage
                ns.tcpFlows("127.0.0.1", 7);
                List<KernelEvent> duringOutage = awaitKernelEvents(monitor, before + 7 * 6);
                assertThat(daemon.awaitJsonLines(l -> l.size() >= duringOutage.size(), WAIT))
                        .as("the stream sink is not held up by Loki").hasSize(duringOutage.size());
                assertThat(Await.until(() -> observe.health("/health/ready"), h -> h.status() == 503, WAIT)
                        .state("sink:loki")).isEqualTo("DOWN");
                Await.until(observe::samples, m -> ObserveClient.sum(m, "conntrackd_sink_accepted_total", "sink",
                        "loki") >= duringOutage.size() && ObserveClient.sum(m, "conntrackd_sink_queue_events", "sink",
                        "loki") == 0, WAIT);
                Thread.sleep(300); // the Loki writer has taken the last ones from its queue
                double dropped = observe.value("conntrackd_sink_dropped_total", "sink", "loki");
                assertThat(dropped).as("events beyond the buffer are dropped and counted").isPositive();
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000));

                loki.up();
                int held = duringOutage.size() - (int) dropped;
                assertThat(loki.awaitEntries(held, WAIT)).as("Loki back: what the buffer held").isTrue();
                ns.tcpFlows("::1", 1);
                List<KernelEvent> kernel = awaitKernelEvents(monitor, duringOutage.size() + 1);
                double finalDropped = observe.value("conntrackd_sink_dropped_total", "sink", "loki");
                assertThat(loki.awaitEntries(kernel.size() - (int) finalDropped, WAIT))
                        .as("Loki back: every later event").isTrue();
                Thread.sleep(500); // nothing more may arrive

                List<JsonNode> lines = daemon.awaitJsonLines(l -> l.size() >= kernel.size(), WAIT);
                assertThat(EventKeys.byFlow(lines, l -> l.get("flow").asLong(), EventKeys::of))
                        .as("the stream sink wrote every kernel event").isEqualTo(EventKeys.kernelByFlow(kernel));

                Set<String> stored = new HashSet<>();
                for (LokiServer.Entry entry : loki.entries()) {
                    stored.add(EventKeys.of(JSON.readTree(entry.line())) + " flow " + JSON.readTree(entry.line())
                            .get("flow").asLong());
                }
                List<String> missing = new ArrayList<>();
                for (KernelEvent e : kernel) {
                    if (!stored.contains(EventKeys.of(e) + " flow " + e.id())) {
                        missing.add(EventKeys.of(e));
                    }
                }
                assertThat(loki.entries()).hasSize(stored.size()).hasSize(kernel.size() - missing.size());
                assertThat(loki.duplicates()).isZero();
                assertThat(finalDropped).as(daemon.stderr()).isEqualTo(dropped);
                assertThat((double) missing.size()).as("missing in Loki %s", missing).isEqualTo(finalDropped);
                assertThat(observe.value("conntrackd_sink_failed_total", "sink", "loki")).isZero();
                assertThat(observe.value("conntrackd_sink_delivered_total", "sink", "loki"))
                        .isEqualTo(kernel.size() - finalDropped);
                assertThat(observe.value("conntrackd_sink_delivered_total", "sink", "stream")).isEqualTo(kernel.size());
                assertThat(observe.health("/health/ready").status()).isEqualTo(200);
                assertThat(daemon.stderr()).contains("events dropped by the Loki sink: its buffer is full",
                        "Loki accepts pushes again");
            } finally {
                monitor.stop();
            }
        }
    }

    private static List<KernelEvent> awaitKernelEvents(ConntrackMonitor monitor, int count) throws Exception {
        List<KernelEvent> events = monitor.awaitEvents(e -> e.size() >= count, WAIT);
        Thread.sleep(300); // the rest of a burst (a TCP flow's UPDATEs)
        return monitor.events();
    }
}
