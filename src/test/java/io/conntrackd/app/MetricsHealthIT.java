package io.conntrackd.app;

import static io.conntrackd.testing.ObserveClient.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.ObserveClient.Health;
import io.conntrackd.testing.ObserveClient.Sample;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd run --metrics.enable} with real kernel events, a filter rule, the stream sink and
 * the Loki sink: the counters in /metrics are the kernel's numbers, and /health/ready follows Loki
 * going down and coming back while /health/live stays UP.
 */
class MetricsHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void metricsCountWhatTheKernelEmittedAndHealthFollowsTheSinks() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                    "--sink.loki.min-backoff", "100", "--sink.loki.max-backoff", "200",
                    "--filter", "drop destination.address == \"::1\"",
                    "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);
                Health starting = observe.health("/health/ready");
                assertThat(starting.status()).as(starting.body().toString()).isEqualTo(200);
                assertThat(starting.state("conntrack:conntrackd")).isEqualTo("UP");
                assertThat(starting.state("sink:stream")).isEqualTo("UP");
                assertThat(starting.state("sink:loki")).as("sinks start with the daemon").isEqualTo("UP");

                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                long v6 = kernel.stream().filter(e -> e.family() == 10).count();
                long v4 = kernel.size() - v6;
                // each sink counts an event delivered in its own thread, the stream sink after its line is out;
                // the IPv6 events, which the filter drops, may come in a later netlink batch than the last IPv4 one
                List<Sample> metrics = Await.until(v4 + " events delivered by both sinks, " + v6 + " dropped",
                        observe::samples, s -> sum(s, "conntrackd_sink_delivered_total", "sink", "loki") >= v4
                                && sum(s, "conntrackd_sink_delivered_total", "sink", "stream") >= v4
                                && sum(s, "conntrackd_filter_dropped_total") >= v6, WAIT);

                for (String type : List.of("new", "update", "destroy")) {
                    for (String protocol : List.of("TCP", "UDP")) {
                        long expected = kernel.stream().filter(e -> e.type().equals(type)
                                && e.protocol() == (protocol.equals("TCP") ? 6 : 17)).count();
                        assertThat(sum(metrics, "conntrackd_events_received_total", "type",
                                type.toUpperCase(Locale.ROOT), "protocol", protocol))
                                .as("%s %s events", type, protocol).isEqualTo(expected);
                    }
                }
                assertThat(sum(metrics, "conntrackd_filter_dropped_total")).isEqualTo(v6);
                assertThat(sum(metrics, "conntrackd_filter_passed_total")).isEqualTo(v4);
                assertThat(sum(metrics, "conntrackd_filter_rule_matches_total", "rule", "1", "action", "drop"))
                        .isEqualTo(v6);
                for (String sink : List.of("stream", "loki")) {
                    assertThat(sum(metrics, "conntrackd_sink_accepted_total", "sink", sink)).as(sink).isEqualTo(v4);
                    assertThat(sum(metrics, "conntrackd_sink_delivered_total", "sink", sink)).as(sink).isEqualTo(v4);
                    assertThat(sum(metrics, "conntrackd_sink_dropped_total", "sink", sink)).as(sink).isZero();
                    assertThat(sum(metrics, "conntrackd_sink_failed_total", "sink", sink)).as(sink).isZero();
                }
                assertThat(sum(metrics, "conntrackd_kernel_drops_total")).isZero();
                assertThat(sum(metrics, "conntrackd_netlink_malformed_total")).isZero();
                assertThat(sum(metrics, "conntrackd_loki_push_entries_total", "outcome", "delivered")).isEqualTo(v4);
                assertThat(sum(metrics, "conntrackd_loki_push_seconds_count", "outcome", "delivered")).isPositive();
                assertThat(sum(metrics, "conntrackd_loki_push_seconds_sum", "outcome", "delivered")).isPositive();
                assertThat(sum(metrics, "camel_exchanges_total", "routeId", "conntrackd")).isPositive();
                assertThat(sum(metrics, "jvm_memory_used_bytes")).isPositive();

                loki.down();
                ns.udpFlows("127.0.0.1", 1, false);
                Health lokiDown = Await.until("readiness DOWN", () -> observe.health("/health/ready"),
                        h -> h.status() == 503, WAIT);
                assertThat(lokiDown.state("sink:loki")).isEqualTo("DOWN");
                assertThat(lokiDown.check("sink:loki").get("message").asText()).contains("writes fail since",
                        "Loki push failed");
                assertThat(lokiDown.state("sink:stream")).isEqualTo("UP");
                assertThat(lokiDown.state("conntrack:conntrackd")).isEqualTo("UP");
                Health live = observe.health("/health/live");
                assertThat(live.status()).as("a sink outage is not a reason to restart").isEqualTo(200);
                assertThat(live.state("conntrack:conntrackd")).isEqualTo("UP");

                loki.up();
                Health back = Await.until("readiness UP again", () -> observe.health("/health/ready"),
                        h -> h.status() == 200, WAIT);
                assertThat(back.state("sink:loki")).isEqualTo("UP");
                assertThat(observe.value("conntrackd_loki_push_seconds_count", "outcome", "retryable")).isPositive();
            } finally {
                monitor.stop();
            }
        }
    }
}
