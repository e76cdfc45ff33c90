package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.SyslogEndToEnd;
import io.conntrackd.testing.SyslogEndToEnd.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code conntrackd run --sink.syslog.*} as an operator starts it: real kernel events from a test
 * namespace, sent to a real rsyslogd started by the test, compared with what the kernel emitted.
 */
class ConntrackdSyslogIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp", "unixgram"})
    void kernelEventsArriveInRsyslogWithEveryFieldParsed(String transport) throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start(dir, null)) {
            Run run = SyslogEndToEnd.run(dir, rsyslog, Rsyslog.fromApp("conntrackd"), m -> m.path("parsed"),
                    "--sink.syslog.enable", "--sink.syslog.address", rsyslog.address(transport),
                    "--sink.syslog.facility", "local4");
            for (int i = 0; i < run.received().size(); i++) {
                JsonNode m = run.received().get(i);
                assertHeader(m, transport, run.pid(), i + 1);
                // rsyslog keeps the JSON's types and order
                JsonNode e = m.path("parsed").path("event");
                assertThat(e.path("flow").isIntegralNumber()).isTrue();
                List<String> names = new ArrayList<>();
                e.fieldNames().forEachRemaining(names::add);
                assertThat(names).startsWith("type", "flow", "prot", "src_addr", "dst_addr", "src_port", "dst_port");
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

    @Test
    void aMalformedAddressStopsStartupNamingTheSettingAndValue() throws Exception {
        Command.Result r = DaemonProcess.runToExit(DaemonProcess.command("run", "--sink.syslog.enable",
                "--sink.syslog.address", "syslog://localhost:514"));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(r.output()).contains("sink.syslog.address = \"syslog://localhost:514\" (from flag"
                + " --sink.syslog.address) is not a syslog address: unknown scheme \"syslog\"");
    }
}
