package io.conntrackd.app.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneAlignedLinePerCheckWithItsHintAndACount() {
        Report report = new Report();
        report.add(Check.ok("config", "read /etc/conntrackd/conntrackd.yaml"));
        report.add(Check.warning("kernel.conntrack", "the table is empty", "add a rule"));

        assertThat(report.text()).isEqualTo("""
                ok       config            read /etc/conntrackd/conntrackd.yaml
                warning  kernel.conntrack  the table is empty; hint: add a rule
                2 checks: 1 ok, 1 warning, 0 errors
                """);
    }

    @Test
    void warningsPassAndAnErrorFails() {
        Report report = new Report();
        assertThat(report.exitCode()).isEqualTo(Report.EXIT_OK);
        report.add(Check.warning("sinks", "no sink", "enable one"));
        assertThat(report.exitCode()).isEqualTo(Report.EXIT_OK);
        assertThat(report.status()).isEqualTo(Status.WARNING);
        report.add(Check.error("sink.loki", "refused", ""));
        report.add(Check.ok("config", "fine"));
        assertThat(report.exitCode()).isEqualTo(Report.EXIT_ERROR);
        assertThat(report.status()).isEqualTo(Status.ERROR);
    }

    @Test
    void theJsonDocumentHasTheStatusTheCountsAndEveryCheckInOrder() throws Exception {
        Report report = new Report();
        report.add(Check.ok("config", "read \"a\" file"));
        report.add(Check.error("sink.syslog", "udp://localhost:514: refused", "start rsyslog"));

        JsonNode doc = JSON.readTree(report.json());

        assertThat(doc.get("status").asText()).isEqualTo("error");
        assertThat(doc.get("exitCode").asInt()).isEqualTo(1);
        assertThat(doc.get("counts").toString()).isEqualTo("{\"ok\":1,\"warning\":0,\"error\":1}");
        assertThat(doc.get("checks")).hasSize(2);
        assertThat(doc.get("checks").get(0).toString())
                .isEqualTo("{\"id\":\"config\",\"status\":\"ok\",\"message\":\"read \\\"a\\\" file\"}");
        assertThat(doc.get("checks").get(1).get("hint").asText()).isEqualTo("start rsyslog");
    }
}
