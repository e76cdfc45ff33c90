package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while Loki is down: the daemon stops reading, gives the sinks their drain time, exits 0 (not
 * retrying for ever), and says per sink how many events it could not deliver.
 */
class ShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void lokiDownAtShutdownIsReportedWithTheUndeliveredCount() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                    "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100")) {
                loki.down();
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                int n = kernel.size();
                daemon.awaitJsonLines(n + " lines", l -> l.size() >= n, WAIT);
                daemon.awaitStderr(err -> err.contains("Loki pushes failed and will be retried"), WAIT);

                // with Loki down for good, only the drain timeout ends the Loki sink's retries
                assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();

                String err = daemon.stderr();
                Matcher summary = Pattern.compile("Loki sink stopped with (\\d+) events not delivered: (\\d+) failed to"
                        + " push, (\\d+) never attempted").matcher(err);
                assertThat(summary.find()).as(err).isTrue();
                assertThat(Integer.parseInt(summary.group(1))).isEqualTo(n);
                assertThat(Integer.parseInt(summary.group(2)) + Integer.parseInt(summary.group(3))).isEqualTo(n);
                assertThat(err).contains("Sink loki stopped: 0 events delivered, " + summary.group(2) + " failed, "
                        + summary.group(3) + " dropped (of " + n + " accepted)");
                assertThat(err).contains("Sink stream stopped: " + n + " events delivered, 0 failed, 0 dropped (of " + n
                        + " accepted)");
                assertThat(loki.entries()).isEmpty();
            } finally {
                monitor.stop();
            }
        }
    }
}
