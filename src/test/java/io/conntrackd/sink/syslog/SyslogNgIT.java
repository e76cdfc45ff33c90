package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.sink.syslog.format.Sender;
import io.conntrackd.testing.SyslogEndToEnd.Run;
import io.conntrackd.testing.SyslogEndToEnd;
import io.conntrackd.testing.SyslogNg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The syslog sink against a real syslog-ng running the configuration of docs/syslog.md: real kernel
 * events from a test namespace through the packaged daemon, and what syslog-ng parsed out of each
 * message, header and JSON payload, compared with what the kernel emitted.
 */
class SyslogNgIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"tcp, auto", "udp, auto", "unixgram, auto", "udp, rfc3164", "tcp, rfc3164"})
    void kernelEventsArriveInSyslogNgWithEveryFieldParsed(String transport, String format) throws Exception {
        try (SyslogNg syslogNg = SyslogNg.start(dir)) {
            Run run = SyslogEndToEnd.run(dir, syslogNg, SyslogNg.fromProgram("conntrackd"), m -> m.path("conntrack"),
                    "--sink.syslog.enable", "--sink.syslog.address", syslogNg.address(transport),
                    "--sink.syslog.format", format);
            boolean rfc5424 = format.equals("auto") && !transport.equals("unixgram");
            for (int i = 0; i < run.received().size(); i++) {
                JsonNode m = run.received().get(i);
                JsonNode event = m.path("conntrack").path("event");
                assertThat(m.path("program").asText()).isEqualTo("conntrackd");
                assertThat(m.path("pid").asText()).isEqualTo(run.pid());
                assertThat(m.path("facility").asText()).isEqualTo("daemon");
                assertThat(m.path("severity").asText()).isEqualTo("info");
                // our HOSTNAME field (keep-hostname(yes)); on the unix socket syslog-ng's own, without domain
                assertThat(m.path("host").asText()).isEqualTo(transport.equals("unixgram")
                        ? Sender.systemHostname().replaceFirst("\\..*", "") : Sender.systemHostname());
                // RFC 3164 has no MSGID and no structured data
                assertThat(m.path("msgid").asText()).isEqualTo(rfc5424 ? event.path("type").asText() : "");
                assertThat(m.path("sequence_id").asText()).isEqualTo(rfc5424 ? Integer.toString(i + 1) : "");
                // what docs/syslog.md says: syslog-ng 3.38 keeps every JSON value as a string
                assertThat(event.path("flow").isTextual()).as("flow is a string").isTrue();
                assertThat(event.path("dst_port").asText()).matches("[0-9]+");
            }
        }
    }

    @Test
    void theDocsNameTheVersionTheTestsRun() throws Exception {
        try (SyslogNg syslogNg = SyslogNg.start(dir)) {
            assertThat(Files.readString(SyslogNg.DOC)).contains("This is what the tests run (syslog-ng "
                    + syslogNg.version() + ",");
        }
    }
}
