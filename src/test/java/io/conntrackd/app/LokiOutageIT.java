package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.ObserveClient.Sample;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
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
            // closed TCP flows end (DESTROY events) after the TIME_WAIT timeout, 120 s by default: not in the test
            ns.sysctl("net.netfilter.nf_conntrack_tcp_timeout_time_wait", "600");
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                    "--sink.loki.batch-bytes", "4096", "--sink.loki.buffer-bytes", "8192",
                    "--sink.loki.min-backoff", "200", "--sink.loki.max-backoff", "1000",
                    "--sink.loki.max-retries", "1000", "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);

                List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 1));
                int before = awaitClosed(monitor, flows).size();
                loki.awaitEntries(before, WAIT);
                // Loki stores a push before it answers: closing the port in between would make the sink push the
                // same entries again after the outage
                awaitSettled(observe, before);

                loki.down();
                long outageStart = System.nanoTime();
                // about 40 events, far more than the Loki buffer holds; TCP, because closed TCP flows leave the
                // table after 120 s, while unanswered UDP flows would end (DESTROY events) within the outage
                flows.addAll(ns.tcpFlows("127.0.0.1", 7));
                List<KernelEvent> duringOutage = awaitClosed(monitor, flows);
                assertThat(daemon.awaitJsonLines("the stream sink not held up by Loki",
                        l -> l.size() >= duringOutage.size(), WAIT)).hasSize(duringOutage.size());
                assertThat(Await.until("readiness DOWN", () -> observe.health("/health/ready"),
                        h -> h.status() == 503, WAIT).state("sink:loki")).isEqualTo("DOWN");
                List<Sample> settled = Await.until("every event the Loki sink accepted delivered, buffered or dropped",
                        observe::samples, m -> loki(m, "conntrackd_sink_accepted_total") >= duringOutage.size()
                                && accountedFor(m), WAIT);
                double dropped = loki(settled, "conntrackd_sink_dropped_total");
                assertThat(dropped).as("events beyond the buffer are dropped and counted").isPositive();
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000));

                loki.up();
                int held = duringOutage.size() - (int) dropped;
                loki.awaitEntries(held, WAIT);
                // the buffer holds a pushed batch until Loki's answer comes: the sentinel goes once it has room
                awaitSettled(observe, duringOutage.size());
                Flow sentinel = ns.tcpFlows("::1", 1).get(0);
                flows.add(sentinel);
                List<KernelEvent> kernel = awaitClosed(monitor, flows);
                // each sink writes in order and the Loki writer pushes its oldest batch first: once the sentinel's
                // last event is out, every earlier event (and any repeated push of one) is too
                Await.until("the sentinel's last event in Loki", loki::entries,
                        e -> e.stream().anyMatch(entry -> isLastEventOf(sentinel, json(entry.line()))), WAIT);
                List<JsonNode> lines = daemon.awaitJsonLines("the sentinel's last event",
                        l -> l.stream().anyMatch(line -> isLastEventOf(sentinel, line)), WAIT);
                double finalDropped = observe.value("conntrackd_sink_dropped_total", "sink", "loki");

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

    /** Every event so far, once each flow's last one (UPDATE TIME_WAIT: the client closed first) is in. */
    private static List<KernelEvent> awaitClosed(ConntrackMonitor monitor, List<Flow> flows) throws Exception {
        return monitor.awaitEvents("TIME_WAIT of " + flows, events -> flows.stream().allMatch(flow ->
                events.stream().anyMatch(e -> e.sourcePort() == flow.sourcePort() && "TIME_WAIT".equals(e.state()))),
                WAIT);
    }

    /** Waits until the Loki sink has settled (delivered, failed or dropped) every one of {@code events} events. */
    private static void awaitSettled(ObserveClient observe, int events) throws Exception {
        Await.until(events + " events settled by the Loki sink", observe::samples,
                m -> loki(m, "conntrackd_sink_accepted_total") == events && loki(m, "conntrackd_sink_delivered_total")
                        + loki(m, "conntrackd_sink_failed_total") + loki(m, "conntrackd_sink_dropped_total") == events,
                WAIT);
    }

    private static boolean isLastEventOf(Flow flow, JsonNode line) {
        return line.get("src_port").asInt() == flow.sourcePort() && "TIME_WAIT".equals(line.path("tcp_state").asText());
    }

    /** Whether the Loki sink accounts for every event it accepted: delivered, failed, dropped or in its buffer. */
    private static boolean accountedFor(List<Sample> m) {
        return loki(m, "conntrackd_sink_accepted_total") == loki(m, "conntrackd_sink_delivered_total")
                + loki(m, "conntrackd_sink_failed_total") + loki(m, "conntrackd_sink_dropped_total")
                + loki(m, "conntrackd_loki_buffer_entries");
    }

    private static double loki(List<Sample> samples, String name) {
        return ObserveClient.sum(samples, name, "sink", "loki");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
