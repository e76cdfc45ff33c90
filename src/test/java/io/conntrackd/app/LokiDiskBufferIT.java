package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loki refuses every push for 120 seconds while floods of real kernel events (as fast as a UDP flood goes,
 * tens of thousands per second here) reach a daemon whose Loki sink buffers on disk. In the middle of the
 * outage the daemon is stopped (SIGTERM) and started again, then killed ({@code kill -9}) in the middle of a
 * flood and started again. Once Loki is back, every event that the stream sinks wrote (every one the route
 * handled) is in Loki exactly once, with its original time, and the kernel dropped nothing, except what the
 * kill can take by the documented bound: the batch the route was handing to the sinks (events.batch-size).
 */
class LokiDiskBufferIT {

    private static final Duration OUTAGE = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FLOOD = 20_000;
    /** What a kill -9 may take from the disk buffer: the route's batch in hand (events.batch-size). */
    private static final int KILL_BOUND = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyEventReachesLokiAfterTheOutageThroughARestartAndAKill() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600"); // no DESTROY events during the test
            // every flood uses source ports 10000-29999, below the ephemeral range where its server gets a new
            // port: new flows each time
            loki.down();
            long outageStart = System.nanoTime();
            Set<String> written = new HashSet<>();

            try (DaemonProcess daemon = start(ns, loki)) {
                ObserveClient observe = ObserveClient.of(daemon);
                ns.udpFlood("127.0.0.1", FLOOD, 10_000);
                written.addAll(keys(daemon.awaitJsonLines("the first flood", l -> l.size() >= FLOOD, WAIT)));
                Await.until("the first flood on disk", () -> observe.value("conntrackd_sink_buffer_events", "sink", "loki"),
                        n -> n == FLOOD, WAIT);
                assertThat(observe.value("conntrackd_kernel_drops_total")).isZero();
                assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).contains(FLOOD + " events stay in the disk buffer");
            }

            try (DaemonProcess daemon = start(ns, loki)) {
                ObserveClient observe = ObserveClient.of(daemon);
                assertThat(observe.value("conntrackd_sink_buffer_events", "sink", "loki")).isEqualTo(FLOOD);
                CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> udpFlood(ns));
                daemon.awaitJsonLines("part of the second flood", l -> l.size() >= FLOOD / 4, WAIT);
                assertThat(observe.value("conntrackd_kernel_drops_total")).isZero();
                daemon.process().destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
                flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                written.addAll(keys(daemon.jsonLines()));
            }

            try (DaemonProcess daemon = start(ns, loki)) {
                ObserveClient observe = ObserveClient.of(daemon);
                double recovered = observe.value("conntrackd_sink_buffer_events", "sink", "loki");
                assertThat(recovered).as("the events of both earlier runs are on disk")
                        .isGreaterThanOrEqualTo(written.size() - KILL_BOUND);
                ns.udpFlood("127.0.0.1", FLOOD, 10_000);
                written.addAll(keys(daemon.awaitJsonLines("the third flood", l -> l.size() >= FLOOD, WAIT)));
                assertThat(observe.value("conntrackd_kernel_drops_total")).isZero();
                assertThat(Await.until("readiness DOWN while the sink buffers", () -> observe.health("/health/ready"),
                        h -> h.status() == 503 && h.check("sink:loki").toString().contains("buffering on disk"), WAIT)
                        .state("sink:loki")).isEqualTo("DOWN");
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart)));

                loki.up();
                Flow sentinel = ns.tcpFlows("::1", 1).get(0);
                Await.until("the sentinel's last event in Loki", loki::entries, e -> e.stream()
                        .anyMatch(entry -> isLastEventOf(sentinel, json(entry.line()))), WAIT);

                List<String> stored = new ArrayList<>();
                for (LokiServer.Entry entry : loki.entries()) {
                    stored.add(key(json(entry.line())));
                }
                Set<String> missing = new HashSet<>(written);
                missing.removeAll(stored);
                assertThat(missing).as("events the stream sinks wrote that Loki lacks: at most the batch in hand"
                        + " when the daemon was killed").hasSizeLessThanOrEqualTo(KILL_BOUND);
                assertThat(stored).as("each event once").doesNotHaveDuplicates();
                assertThat(loki.duplicates()).isZero();
                assertThat(observe.value("conntrackd_sink_failed_total", "sink", "loki")).isZero();
                assertThat(observe.value("conntrackd_sink_dropped_total", "sink", "loki")).isZero();
                assertThat(observe.value("conntrackd_kernel_drops_total")).isZero();
                Await.until("the disk buffer emptied", () -> observe.value("conntrackd_sink_buffer_events", "sink", "loki"),
                        n -> n == 0, WAIT);
                assertThat(observe.value("conntrackd_sink_buffer_acknowledged_total", "sink", "loki"))
                        .isGreaterThanOrEqualTo(recovered + FLOOD);
                Await.until("readiness UP again", () -> observe.health("/health/ready").status(), s -> s == 200, WAIT);
            }
        }
    }

    private DaemonProcess start(TestNamespace ns, LokiServer loki) throws IOException {
        return DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                "--sink.loki.address", loki.address(), "--sink.loki.buffer", "disk",
                "--buffer.dir", dir.resolve("buffer").toString(), "--sink.loki.batch-wait", "100",
                "--sink.loki.min-backoff", "200", "--sink.loki.max-backoff", "2000",
                "--metrics.enable", "--metrics.address", "127.0.0.1:0");
    }

    private static int udpFlood(TestNamespace ns) {
        try {
            return ns.udpFlood("127.0.0.1", FLOOD, 10_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> keys(List<JsonNode> lines) {
        Set<String> keys = new HashSet<>();
        for (JsonNode line : lines) {
            keys.add(key(line));
        }
        return keys;
    }

    /** An event: what it is and when it came (the original time, which Loki's entry must keep). */
    private static String key(JsonNode line) {
        return EventKeys.of(line) + " at " + line.get("time").asText();
    }

    private static boolean isLastEventOf(Flow flow, JsonNode line) {
        return line.get("src_port").asInt() == flow.sourcePort() && "TIME_WAIT".equals(line.path("tcp_state").asText());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
