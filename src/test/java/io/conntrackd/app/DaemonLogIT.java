package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own log on stderr, as an operator sees it: JSON lines as the original's by default, the
 * earlier text with {@code --log.format text}, and at debug level a line for each event the filter let
 * through (real kernel events in a test namespace).
 */
class DaemonLogIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    @TempDir
    Path dir;

    @Test
    void jsonLinesByDefaultAndAtDebugEachEventTheFilterLetThrough() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--log.level", "debug",
                     "--filter", "drop protocol == 'TCP'")) {
            Flow dropped = ns.tcpFlows("127.0.0.1", 1).get(0);
            Flow sentinel = ns.udpFlows("127.0.0.1", 1, false).get(0);
            String err = daemon.awaitStderr(e -> e.contains("\"src_port\":" + sentinel.sourcePort()), WAIT);

            List<JsonNode> log = jsonLines(err);
            assertThat(log).allSatisfy(line -> assertThat(names(line)).startsWith("time", "level", "msg", "logger"));
            assertThat(log).anySatisfy(line -> {
                assertThat(line.get("level").asText()).isEqualTo("INFO");
                assertThat(line.get("msg").asText()).contains(" started; sinks: conntrack-stream:stdout");
                assertThat(line.get("logger").asText()).isEqualTo(ConntrackdMain.class.getName());
            });
            List<JsonNode> events = log.stream().filter(l -> l.get("msg").asText().equals("Conntrack Event")).toList();
            assertThat(events).anySatisfy(event -> {
                assertThat(event.get("level").asText()).isEqualTo("DEBUG");
                assertThat(event.get("type").asText()).isEqualTo("NEW");
                assertThat(event.get("prot").asText()).isEqualTo("UDP");
                assertThat(event.get("src_port").asInt()).isEqualTo(sentinel.sourcePort());
                assertThat(event.get("dst_port").isIntegralNumber()).isTrue();
            });
            assertThat(events).as("no line for the dropped %s, made before the sentinel", dropped)
                    .noneSatisfy(event -> assertThat(event.get("prot").asText()).isEqualTo("TCP"));
        }
    }

    @Test
    void textLinesWithLogFormatText() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--log.format", "text",
                     "--log.level", "debug")) {
            Flow flow = ns.udpFlows("127.0.0.1", 1, false).get(0);
            String err = daemon.awaitStderr(e -> e.contains(" src_port=" + flow.sourcePort() + " "), WAIT);

            assertThat(err.lines()).anySatisfy(line -> assertThat(line)
                    .matches(TIME + " INFO ConntrackdMain - .* started; sinks: conntrack-stream:stdout"));
            assertThat(err.lines()).anySatisfy(line -> assertThat(line).matches(TIME
                    + " DEBUG EventDebugLog - Conntrack Event type=NEW flow=\\d+ prot=UDP src_addr=127\\.0\\.0\\.1"
                    + " dst_addr=127\\.0\\.0\\.1 src_port=" + flow.sourcePort() + " dst_port=" + flow.destinationPort()
                    + ".*"));
            assertThat(err).doesNotContain("{\"time\"");
        }
    }

    /** The complete lines of the log, each of which must be a JSON object. */
    private static List<JsonNode> jsonLines(String err) throws JsonProcessingException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : err.substring(0, err.lastIndexOf('\n') + 1).lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> names(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
