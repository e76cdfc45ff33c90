package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conntrackd run} as an operator starts it, against real kernel events in a test namespace. */
class ConntrackdRunIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void printsEveryKernelEventAsAJsonLineAndStopsOnSigterm() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            long startNanos = System.currentTimeMillis() * 1_000_000L;
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable")) {
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();

                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<JsonNode> lines = daemon.awaitJsonLines(kernel.size() + " lines", l -> l.size() >= kernel.size(),
                        WAIT);

                assertThat(kernel).hasSizeGreaterThanOrEqualTo(flows.size() * 2);
                assertThat(linesByFlow(lines))
                        .as("every kernel event, in kernel order per flow")
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                for (Flow flow : flows) {
                    assertThat(lines).as("NEW event of %s", flow).anySatisfy(line -> assertNewEventOf(flow, line));
                }
                assertThat(lines).allSatisfy(line -> assertThat(timeOf(line))
                        .isBetween(startNanos, System.currentTimeMillis() * 1_000_000L));

                assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).doesNotContain("ERROR", "Exception");
            } finally {
                monitor.stop();
            }
        }
    }

    /**
     * The original's variable with no sink enabled: our stand-in stream sink honours its writer (nothing on
     * stdout, while the metrics show every event written); a file key in other case is read, and an unknown
     * one is a warning in the daemon's log naming the closest key.
     */
    @Test
    void withNoSinkEnabledTheStreamWriterIsHonouredAndAnUnknownFileKeyIsAWarning() throws Exception {
        Path config = Files.writeString(dir.resolve("conntrackd.yaml"),
                "Metrics: {Enable: true, Address: \"127.0.0.1:0\"}\nSink: {Stream: {Writr: stderr}}\n");
        try (TestNamespace ns = TestNamespace.create()) {
            List<String> command = DaemonProcess.command("run", "--netlink.netns", ns.path(), "--config",
                    config.toString());
            try (DaemonProcess daemon = DaemonProcess.startCommand(dir, command,
                    Map.of("CONNTRACKD_SINK_STREAM_WRITER", "discard"))) {
                ObserveClient observe = ObserveClient.of(daemon);
                List<Flow> flows = ns.tcpFlows("127.0.0.1", 2);
                Await.until("the NEW events of " + flows.size() + " flows written by the stream sink",
                        () -> ObserveClient.sum(observe.samples(), "conntrackd_sink_delivered_total", "sink", "stream"),
                        n -> n >= flows.size(), WAIT);
                assertThat(daemon.stdout()).as("stdout").isEmpty();
                assertThat(daemon.stderr())
                        // a JSON log line of the daemon, like the other warnings
                        .containsPattern("\\{\"time\":\"[^\"]+\",\"level\":\"WARN\",\"msg\":\"no sink enabled, discarding the events \\(sink.stream.writer is discard\\)")
                        // the words, not the quotes around the keys: a JSON log line escapes them
                        .containsPattern(Pattern.quote("configuration file " + config + ": unknown key ") + "\\W+sink\\.stream\\.writr\\W+"
                                + " ignored; did you mean \\W+sink\\.stream\\.writer\\W+");
                assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
            }
        }
    }

    @Test
    void withoutPrivilegeItExitsNamingTheCapability() throws Exception {
        Prerequisites.requireRoot();
        Command.Result r = DaemonProcess.runToExit(DaemonProcess.unprivilegedCommand("run"));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(ConntrackdMain.EXIT_FAILURE);
        assertThat(r.output()).contains("CAP_NET_ADMIN").doesNotContain("\tat ");
    }

    @Test
    void runsAsAnUnprivilegedUserWithOnlyCapNetAdmin() throws Exception {
        String setpriv = Prerequisites.requireCommand("setpriv");
        try (TestNamespace ns = TestNamespace.create()) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), setpriv,
                    "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all,+net_admin", "--ambient-caps=-all,+net_admin", "--bounding-set=-all,+net_admin"));
            command.addAll(DaemonProcess.command("run", "--sink.stream.enable"));
            try (DaemonProcess daemon = DaemonProcess.startCommand(dir, command)) {
                List<Flow> flows = ns.tcpFlows("127.0.0.1", 1);
                List<JsonNode> lines = daemon.awaitJsonLines("the NEW line of " + flows.get(0),
                        l -> l.stream().anyMatch(line -> isNewEventOf(flows.get(0), line)), WAIT);
                assertThat(lines).anySatisfy(line -> assertNewEventOf(flows.get(0), line));
            }
        }
    }

    private static void assertNewEventOf(Flow flow, JsonNode line) {
        assertThat(isNewEventOf(flow, line)).isTrue();
        boolean v6 = flow.source().contains(":");
        String src = v6 ? "[" + flow.source() + "]" : flow.source();
        String dst = v6 ? "[" + flow.destination() + "]" : flow.destination();
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("msg").asText()).isEqualTo("NEW " + flow.protocol() + " connection from " + src + ":"
                + flow.sourcePort() + " to " + dst + ":" + flow.destinationPort());
        assertThat(line.get("prot").asText()).isEqualTo(flow.protocol().name());
        assertThat(line.get("dst_addr").asText()).isEqualTo(flow.destination());
        assertThat(line.get("dst_port").isInt()).isTrue();
        assertThat(line.get("flow").isIntegralNumber()).isTrue();
        if (flow.protocol().name().equals("TCP")) {
            assertThat(line.get("tcp_state").asText()).isEqualTo("SYN_SENT");
        } else {
            assertThat(line.has("tcp_state")).isFalse();
        }
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        assertThat(names).startsWith("time", "level", "msg", "type", "flow", "prot", "src_addr", "dst_addr",
                "src_port", "dst_port");
    }

    private static boolean isNewEventOf(Flow flow, JsonNode line) {
        return line.get("type").asText().equals("NEW") && line.get("src_addr").asText().equals(flow.source())
                && line.get("src_port").asInt() == flow.sourcePort()
                && line.get("dst_port").asInt() == flow.destinationPort();
    }

    private static long timeOf(JsonNode line) {
        OffsetDateTime t = OffsetDateTime.parse(line.get("time").asText());
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Map<Long, List<String>> linesByFlow(List<JsonNode> lines) {
        return EventKeys.byFlow(lines, l -> l.get("flow").asLong(), EventKeys::of);
    }
}
