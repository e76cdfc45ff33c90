package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conntrackd run --sink.syslog.*} as an operator starts it: real kernel events from a test
 * namespace, sent to a real rsyslogd started by the test, compared with what the kernel emitted.
 */
class ConntrackdSyslogIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp", "unixgram"})
    void kernelEventsArriveInRsyslogWithEveryFieldParsed(String transport) throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start(dir, null); TestNamespace ns = TestNamespace.create()) {
            String address = switch (transport) {
                case "tcp" -> "tcp://127.0.0.1:" + rsyslog.tcpPort();
                case "udp" -> "udp://127.0.0.1:" + rsyslog.udpPort();
                default -> "unixgram://" + rsyslog.datagramSocket();
            };
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.syslog.enable",
                    "--sink.syslog.address", address, "--sink.syslog.facility", "local4")) {
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<JsonNode> received = rsyslog.await(Rsyslog.fromApp("conntrackd"), kernel.size(), WAIT);

                assertThat(kernel).hasSizeGreaterThanOrEqualTo(flows.size() * 2);
                assertThat(byFlow(received)).as("every kernel event, in kernel order per flow")
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                String pid = Long.toString(daemon.process().pid());
                for (int i = 0; i < received.size(); i++) {
                    assertHeader(received.get(i), transport, pid, i + 1);
                    assertPayload(received.get(i).path("parsed"));
                }
                assertThat(daemon.terminate(Duration.ofSeconds(3))).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).doesNotContain("WARN", "ERROR", "Exception");
            } finally {
                monitor.stop();
            }
        }
    }

    private static void assertHeader(JsonNode m, String transport, String pid, int sequence) {
        JsonNode event = m.path("parsed").path("event");
        assertThat(m.path("app_name").asText()).isEqualTo("conntrackd");
        assertThat(m.path("procid").asText()).isEqualTo(pid);
        assertThat(m.path("facility").asText()).isEqualTo("local4");
        assertThat(m.path("severity").asText()).isEqualTo("info");
        assertThat(m.path("hostname").asText()).isNotBlank().doesNotContain(" ");
        if (transport.equals("unixgram")) { // the local format of syslog(3)
            assertThat(m.path("protocol_version").asText()).isEqualTo("0");
            assertThat(m.path("tag").asText()).isEqualTo("conntrackd[" + pid + "]:");
        } else {
            assertThat(m.path("protocol_version").asText()).isEqualTo("1");
            assertThat(m.path("msgid").asText()).isEqualTo(event.path("type").asText());
            assertThat(m.path("structured_data").asText()).isEqualTo("[meta sequenceId=\"" + sequence + "\"]");
        }
    }

    private static void assertPayload(JsonNode payload) {
        JsonNode e = payload.path("event");
        assertThat(payload.path("level").asText()).isEqualTo("INFO");
        assertThat(payload.path("timestamp").asText()).isNotBlank();
        String src = e.path("src_addr").asText().contains(":") ? "[" + e.path("src_addr").asText() + "]"
                : e.path("src_addr").asText();
        String dst = e.path("dst_addr").asText().contains(":") ? "[" + e.path("dst_addr").asText() + "]"
                : e.path("dst_addr").asText();
        assertThat(payload.path("message").asText()).isEqualTo(e.path("type").asText() + " "
                + e.path("prot").asText() + " connection from " + src + ":" + e.path("src_port").asInt() + " to "
                + dst + ":" + e.path("dst_port").asInt());
        assertThat(e.path("flow").isIntegralNumber()).isTrue();
        List<String> names = new ArrayList<>();
        e.fieldNames().forEachRemaining(names::add);
        assertThat(names).startsWith("type", "flow", "prot", "src_addr", "dst_addr", "src_port", "dst_port");
    }

    private static Map<Long, List<String>> byFlow(List<JsonNode> messages) {
        return EventKeys.byFlow(messages, m -> m.path("parsed").path("event").path("flow").asLong(),
                m -> EventKeys.of(m.path("parsed").path("event")));
    }

    @Test
    void aMalformedAddressStopsStartupNamingTheSettingAndValue() throws Exception {
        Process p = new ProcessBuilder(DaemonProcess.command("run", "--sink.syslog.enable", "--sink.syslog.address",
                "syslog://localhost:514")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(output).contains("sink.syslog.address = \"syslog://localhost:514\" (from flag"
                + " --sink.syslog.address) is not a syslog address: unknown scheme \"syslog\"");
    }
}
