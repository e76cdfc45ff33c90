package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s hint that nothing is tracked, with real namespaces and the packaged daemon: said in a namespace
 * where no rule needs conntrack, and not said where events flow. The first check comes 10 s after the start;
 * the absence is shown by that check's own decision, logged at debug, not by waiting.
 */
class NothingTrackedIT {

    /** The first check at 10 s, on a loaded machine. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(40);
    /** How the hint begins for a namespace given with netlink.netns. */
    private static final String HINT = "no connection is tracked in network namespace ";

    @TempDir
    Path dir;

    @Test
    void aNamespaceWhereNoRuleNeedsConntrackGetsTheHint() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ns.exec("nft", "delete", "table", "inet", "t");
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable")) {
                ns.tcpFlows("127.0.0.1", 1); // traffic that nothing tracks

                String stderr = daemon.awaitStderr(err -> err.contains(HINT + ns.path()), CHECK_WAIT);

                assertThat(stderr.lines().filter(l -> l.contains(HINT))).singleElement().asString()
                        .contains("WARN", "its conntrack table is empty", "a ct state match, NAT",
                                "docs/operations.md#when-no-event-comes");
                assertThat(daemon.jsonLines()).isEmpty();
            }
        }
    }

    @Test
    void whereEventsFlowTheCheckDecidesAgainstTheHint() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--log.level", "debug")) {
            Flow flow = ns.tcpFlows("127.0.0.1", 1).get(0);
            daemon.awaitJsonLines("the flow's NEW line", lines -> lines.stream().anyMatch(l ->
                    l.path("src_port").asInt() == flow.sourcePort()), Duration.ofSeconds(15));

            String decision = "nothing-tracked check: ";
            String stderr = daemon.awaitStderr(err -> err.contains(decision), CHECK_WAIT);

            List<String> decisions = stderr.lines().filter(l -> l.contains(decision)).toList();
            assertThat(decisions).singleElement().asString()
                    .containsPattern("\\d+ events came from network namespace " + ns.path() + "; no hint");
            assertThat(stderr).doesNotContain(HINT);
        }
    }
}
