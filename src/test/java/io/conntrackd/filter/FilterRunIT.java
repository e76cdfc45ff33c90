package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.app.ConntrackdMain;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conntrackd run --filter ...} on real kernel events in a test namespace. */
class FilterRunIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void logsWhatTheRulesLogAndNothingElse() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable",
                     "--filter", "drop destination.address == \"::1\"",
                     "--filter", "drop protocol == \"UDP\"",
                     "--filter", "log event.type == \"NEW\" && is_network(destination.address, \"LOCAL\")",
                     "--filter", "drop any")) {
            List<Flow> logged = new ArrayList<>(ns.tcpFlows("127.0.0.1", 3));
            List<Flow> dropped = new ArrayList<>(ns.tcpFlows("::1", 2));
            dropped.addAll(ns.udpFlows("127.0.0.1", 2, true));
            ns.flushConntrack(); // DESTROY events of every flow: dropped by "drop any"
            // events are handled in order: once the sentinel's NEW line is out, all earlier events are done
            Flow sentinel = ns.tcpFlows("127.0.0.1", 1).get(0);
            List<JsonNode> lines = daemon.awaitJsonLines("the sentinel's NEW line",
                    l -> l.stream().anyMatch(line -> isNewOf(sentinel, line)), WAIT);

            for (Flow flow : logged) {
                assertThat(lines).as("NEW of %s", flow).anySatisfy(line -> assertThat(isNewOf(flow, line)).isTrue());
            }
            for (Flow flow : dropped) {
                assertThat(lines).as("events of dropped %s", flow).noneSatisfy(line ->
                        assertThat(line.get("src_port").asInt()).isEqualTo(flow.sourcePort()));
            }
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("type").asText()).isEqualTo("NEW");
                assertThat(line.get("prot").asText()).isEqualTo("TCP");
                assertThat(line.get("dst_addr").asText()).isEqualTo("127.0.0.1");
            });
            assertThat(lines).hasSize(logged.size() + 1);
            assertThat(daemon.stderr()).doesNotContain("ERROR", "Exception", "WARN");
        }
    }

    @Test
    void badRuleStopsTheDaemonBeforeItStarts() throws Exception {
        Command.Result r = DaemonProcess.runToExit(DaemonProcess.command("run", "--filter", "log any",
                "--filter", "drop in_cidr(source.address, \"10.0.0.0/33\")"));

        assertThat(r.exitCode()).as(r.output()).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(r.output().strip()).isEqualTo("conntrackd: invalid filter rule 2 \"drop in_cidr(source.address,"
                + " \"10.0.0.0/33\")\" (from flag --filter): invalid argument of in_cidr(): malformed CIDR"
                + " \"10.0.0.0/33\": prefix length must be 0 to 32 at column 30");
    }

    private static boolean isNewOf(Flow flow, JsonNode line) {
        return line.get("type").asText().equals("NEW") && line.get("src_addr").asText().equals(flow.source())
                && line.get("src_port").asInt() == flow.sourcePort()
                && line.get("dst_port").asInt() == flow.destinationPort();
    }
}
