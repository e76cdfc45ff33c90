package io.conntrackd.app;

import static io.conntrackd.testing.ObserveClient.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conntrackd.testing.Await;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.ObserveClient.Sample;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood beyond what a tiny netlink receive buffer (the kernel's minimum, a few events) can take: the
 * daemon stays up, the kernel's drops are reported in the log and in /metrics, and the numbers add up:
 * events received plus events the kernel dropped equal the NEW events the flood made, and the stream
 * sink wrote every received one.
 */
class KernelDropsIT {

    private static final int FLOWS = 5000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TOTAL = Pattern.compile("\\((\\d+) in total\\)");

    @TempDir
    Path dir;

    @Test
    void droppedEventsAreCountedAndAddUpWithTheReceivedOnes() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable",
                     "--netlink.receive-buffer", "1", "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
            ObserveClient observe = ObserveClient.of(daemon);
            // the flows' DESTROY events come when they time out: not before the test ends
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");

            ns.udpFlood("127.0.0.1", FLOWS, 20000);

            List<Sample> metrics = Await.until("received + dropped events to reach " + FLOWS, observe::samples,
                    m -> sum(m, "conntrackd_events_received_total") + sum(m, "conntrackd_kernel_drops_total") >= FLOWS,
                    WAIT);
            double received = sum(metrics, "conntrackd_events_received_total");
            double dropped = sum(metrics, "conntrackd_kernel_drops_total");
            assertThat(dropped).as("the kernel dropped events (received %s)", received).isPositive();
            assertThat(received + dropped).as("received + dropped = NEW events of the flood").isEqualTo(FLOWS);
            assertThat(sum(metrics, "conntrackd_events_received_total", "type", "NEW", "protocol", "UDP"))
                    .isEqualTo(received);
            assertThat(daemon.awaitJsonLines("a line per received event", l -> l.size() >= received, WAIT))
                    .hasSize((int) received);
            // the stream sink counts its lines delivered once they are out, so a moment after they can be read
            assertThat(Await.until("the lines counted delivered",
                    () -> observe.value("conntrackd_sink_delivered_total", "sink", "stream"), n -> n >= received, WAIT))
                    .isEqualTo(received);
            assertThat(daemon.awaitStderr(err -> err.contains("conntrack events lost: the kernel dropped"), WAIT))
                    .contains("because the socket receive buffer");
            assertThat(daemon.process().isAlive()).isTrue();
            assertThat(observe.health("/health/live").status()).isEqualTo(200);

            assertThat(daemon.terminate(Duration.ofSeconds(5))).as("exit code after SIGTERM").isZero();
            Matcher totals = TOTAL.matcher(daemon.stderr());
            long lastTotal = -1;
            while (totals.find()) {
                lastTotal = Long.parseLong(totals.group(1));
            }
            assertThat(lastTotal).as("the last loss warning's total: every drop is in the log").isEqualTo((long) dropped);
        }
    }
}
