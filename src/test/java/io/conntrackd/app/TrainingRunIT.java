package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.Prerequisites;
import org.junit.jupiter.api.Test;

/**
 * {@code conntrackd run --training.events N}, the launcher's recording run for the start-up archive, as the packaged
 * jar runs it: it routes its synthetic events through the route and exits 0 without privileges, prints nothing on
 * stdout even with the stream sink writing to stdout, and sends nothing to a configured sink (a real journald).
 */
class TrainingRunIT {

    private static final int EVENTS = 3000;
    private static final Pattern DELIVERED = Pattern.compile("Sink stream stopped: (\\d+) events delivered");

    @Test
    void routesTheEventsWithoutPrivilegesAndPrintsNothingOnStdout() throws Exception {
        Prerequisites.requireRoot();
        Command.Result r = DaemonProcess.runToExit(DaemonProcess.unprivilegedCommand("run", "--training.events",
                Integer.toString(EVENTS), "--sink.stream.enable", "--sink.stream.writer", "stdout",
                "--log.format", "text"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .contains("training run: " + EVENTS + " synthetic events", "sinks: conntrack-stream:discard")
                .doesNotContain("ERROR", "Exception", "CAP_NET_ADMIN");
        // the training rules (no rule was given) drop TCP flows to port 22, and let the rest through
        assertThat(delivered(r.stderr())).isPositive().isLessThan(EVENTS);
    }

    @Test
    void sendsNothingToTheConfiguredSinks() throws Exception {
        String logger = Prerequisites.requireCommand("logger");
        try (JournaldServer journald = JournaldServer.start()) {
            Command.Result r = DaemonProcess.runToExit(DaemonProcess.command("run", "--training.events",
                    Integer.toString(EVENTS), "--sink.journal.enable", "--sink.journal.socket",
                    journald.socket().toString(), "--filter", "log any", "--log.format", "text"));
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(delivered(r.stderr())).as(r.stderr()).isEqualTo(EVENTS);
            assertThat(r.stderr()).contains("sinks: conntrack-stream:discard").doesNotContain("conntrack-journal");

            // a sentinel sent after the training run ended: once journald has it, it has what came before
            Command.run(Duration.ofSeconds(10), List.of(logger, "--socket",
                    journald.socket().resolveSibling("dev-log").toString(), "-t", "training-sentinel", "after"))
                    .requireSuccess();
            assertThat(journald.awaitEntries(1, Duration.ofSeconds(15), "SYSLOG_IDENTIFIER=training-sentinel"))
                    .hasSize(1);
            assertThat(journald.count("SYSLOG_IDENTIFIER=conntrackd")).as("entries from the training run").isZero();
        }
    }

    private static long delivered(String stderr) {
        Matcher m = DELIVERED.matcher(stderr);
        assertThat(m.find()).as("the stream sink's summary in %s", stderr).isTrue();
        return Long.parseLong(m.group(1));
    }
}
