package io.conntrackd.app;

import static io.conntrackd.testing.JournaldServer.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conntrackd.sink.EventField;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd run --sink.journal.enable} as an operator starts it: real kernel events from a
 * test namespace, through the packaged daemon, into a real systemd-journald in its own mount
 * namespace, read back with {@code journalctl -o json}. Needs root, systemd, conntrack, nft and
 * python3; skipped otherwise, failed when CI=true.
 */
class ConntrackdJournalIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesEveryKernelEventAsAJournalEntryWithEveryField() throws Exception {
        try (JournaldServer journald = JournaldServer.start(); TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.journal.enable",
                    "--sink.journal.socket", journald.socket().toString())) {
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();

                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<JsonNode> entries = journald.awaitEntries(kernel.size(), WAIT, "SYSLOG_IDENTIFIER=conntrackd");

                assertThat(kernel).hasSizeGreaterThanOrEqualTo(flows.size() * 2);
                assertThat(EventKeys.byFlow(entries, e -> Long.parseLong(field(e, "EVENT_FLOW")),
                        e -> EventKeys.of(asStreamLine(e))))
                        .as("every kernel event, in kernel order per flow")
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                for (Flow flow : flows) {
                    assertThat(entries).as("NEW entry of %s", flow)
                            .filteredOn(e -> isNewEntryOf(flow, e)).singleElement()
                            .satisfies(e -> assertEveryFieldOfNewEntry(flow, e, daemon.process().pid()));
                }
                assertThat(daemon.terminate(Duration.ofSeconds(5))).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).contains("sinks: conntrack-journal:" + journald.socket())
                        .doesNotContain("ERROR", "Exception", "could not be written");
            } finally {
                monitor.stop();
            }
        }
    }

    @Test
    void resumesDeliveryWhenJournaldComesBackAndReportsWhatFailed() throws Exception {
        try (JournaldServer journald = JournaldServer.start(); TestNamespace ns = TestNamespace.create()) {
            // the flows' DESTROY events come when they time out: none of the flow "during" once journald is back
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.journal.enable",
                    "--sink.journal.socket", journald.socket().toString())) {
                Flow before = ns.udpFlows("127.0.0.1", 1, false).get(0);
                assertThat(journald.awaitEntries(1, WAIT, "EVENT_SRC_PORT=" + before.sourcePort())).hasSize(1);

                journald.stop();
                journald.removeSockets();
                Flow during = ns.udpFlows("127.0.0.1", 1, false).get(0);
                daemon.awaitStderr(err -> err.contains("could not be written by sink journal"), WAIT);

                journald.restart();
                Flow after = ns.udpFlows("127.0.0.1", 1, false).get(0);
                assertThat(journald.awaitEntries(1, WAIT, "EVENT_SRC_PORT=" + after.sourcePort())).hasSize(1);
                assertThat(journald.entries("EVENT_SRC_PORT=" + during.sourcePort())).isEmpty();
                assertThat(daemon.stderr()).contains("No such file or directory (errno 2)");
                assertThat(daemon.process().isAlive()).isTrue();
            }
        }
    }

    @Test
    void withoutJournaldItWarnsAndRunsWithTheOtherSinksOrExitsWhenTold() throws Exception {
        String missing = dir.resolve("no-journald/socket").toString();
        String[] args = {"run", "--sink.journal.enable", "--sink.stream.enable", "--sink.journal.socket", missing};
        Command.Result strict = DaemonProcess.runToExit(DaemonProcess.command(args),
                Map.of("CONNTRACKD_SINK_EXIT_ON_WARNING", "true"));
        assertThat(strict.exitCode()).as(strict.output()).isEqualTo(ConntrackdMain.EXIT_FAILURE);
        assertThat(strict.output()).contains("sink journal is not available: journald is not listening on " + missing,
                "No such file or directory", "CONNTRACKD_SINK_EXIT_ON_WARNING").doesNotContain("\tat ");

        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.journal.enable", "--sink.stream.enable",
                     "--sink.journal.socket", missing)) {
            assertThat(daemon.stderr()).contains("sink journal is not available", "running without it",
                    "sinks: conntrack-stream:stdout");
            Flow flow = ns.udpFlows("127.0.0.1", 1, false).get(0);
            daemon.awaitJsonLines("a line of the UDP flow from port " + flow.sourcePort(),
                    l -> l.stream().anyMatch(line -> line.get("src_port").asInt() == flow.sourcePort()), WAIT);
        }
    }

    private static boolean isNewEntryOf(Flow flow, JsonNode e) {
        return "NEW".equals(field(e, "EVENT_TYPE")) && flow.source().equals(field(e, "EVENT_SRC_ADDR"))
                && Integer.toString(flow.sourcePort()).equals(field(e, "EVENT_SRC_PORT"))
                && Integer.toString(flow.destinationPort()).equals(field(e, "EVENT_DST_PORT"));
    }

    private static void assertEveryFieldOfNewEntry(Flow flow, JsonNode e, long daemonPid) {
        boolean v6 = flow.source().contains(":");
        boolean tcp = flow.protocol().name().equals("TCP");
        String src = v6 ? "[" + flow.source() + "]" : flow.source();
        String dst = v6 ? "[" + flow.destination() + "]" : flow.destination();
        assertThat(field(e, "MESSAGE")).isEqualTo("NEW " + flow.protocol() + " connection from " + src + ":"
                + flow.sourcePort() + " to " + dst + ":" + flow.destinationPort());
        assertThat(field(e, "PRIORITY")).isEqualTo("6");
        assertThat(field(e, "SYSLOG_IDENTIFIER")).isEqualTo("conntrackd");
        assertThat(field(e, "EVENT_TYPE")).isEqualTo("NEW");
        assertThat(field(e, "EVENT_FLOW")).matches("[1-9][0-9]*");
        assertThat(field(e, "EVENT_PROT")).isEqualTo(flow.protocol().name());
        assertThat(field(e, "EVENT_SRC_ADDR")).isEqualTo(flow.source());
        assertThat(field(e, "EVENT_DST_ADDR")).isEqualTo(flow.destination());
        assertThat(field(e, "EVENT_SRC_PORT")).isEqualTo(Integer.toString(flow.sourcePort()));
        assertThat(field(e, "EVENT_DST_PORT")).isEqualTo(Integer.toString(flow.destinationPort()));
        assertThat(field(e, "EVENT_TCP_STATE")).isEqualTo(tcp ? "SYN_SENT" : null);
        assertThat(field(e, "_TRANSPORT")).isEqualTo("journal");
        assertThat(field(e, "_PID")).isEqualTo(Long.toString(daemonPid));
        List<String> sent = new ArrayList<>();
        e.fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("_")) {
                sent.add(name);
            }
        });
        List<String> expected = new ArrayList<>(List.of("MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "EVENT_TYPE",
                "EVENT_FLOW", "EVENT_PROT", "EVENT_SRC_ADDR", "EVENT_DST_ADDR", "EVENT_SRC_PORT", "EVENT_DST_PORT"));
        if (tcp) {
            expected.add("EVENT_TCP_STATE");
        }
        assertThat(sent).as("fields the daemon sent").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The entry's EVENT_* fields under their stream names ({@code EVENT_SRC_ADDR} as {@code src_addr}). */
    private static JsonNode asStreamLine(JsonNode entry) {
        ObjectNode line = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("EVENT_")) {
                String key = EventField.valueOf(f.getKey().substring("EVENT_".length())).key();
                line.put(key, f.getValue().asText());
            }
        }
        return line;
    }
}
