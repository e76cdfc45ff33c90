package io.conntrackd.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd run --geoip.database ...} on real loopback traffic in a test namespace: the JSON
 * lines carry the test databases' places for loopback addresses, and a database replaced on disk is
 * used by the running daemon without losing an event.
 */
class GeoIpRunIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> GEO_FIELDS = List.of("city", "country", "lat", "lon", "country_code", "asn",
            "as_org");

    @TempDir
    Path dir;

    @Test
    void loopbackEventsCarryTheLocationsOfBothSides() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable",
                     "--geoip.database", TestDatabases.city().toString(),
                     "--geoip.asn-database", TestDatabases.asn().toString())) {
            Flow v4 = ns.tcpFlows("127.0.0.1", 1).get(0);
            Flow v6 = ns.tcpFlows("::1", 1).get(0);
            Flow countryOnly = ns.udpFlows("127.0.2.7", 1, true).get(0);
            Flow asOnly = ns.udpFlows("127.0.4.9", 1, false).get(0);

            assertThat(geoFields(newEventOf(daemon, v4), "src_")).isEqualTo(Map.of(
                    "city", "Berlin", "country", "Germany", "lat", 52.5244, "lon", 13.4105, "country_code", "DE",
                    "asn", 64496L, "as_org", "Loopback Networks"));
            assertThat(geoFields(newEventOf(daemon, v4), "dst_")).isEqualTo(geoFields(newEventOf(daemon, v4), "src_"));
            assertThat(geoFields(newEventOf(daemon, v6), "dst_")).isEqualTo(Map.of(
                    "city", "Tokyo", "country", "Japan", "lat", 35.6895, "lon", 139.6917, "country_code", "JP",
                    "asn", 64497L, "as_org", "Loopback Six"));
            assertThat(geoFields(newEventOf(daemon, countryOnly), "src_")).isEqualTo(Map.of(
                    "country", "Italy", "country_code", "IT", "asn", 64496L, "as_org", "Loopback Networks"));
            assertThat(geoFields(newEventOf(daemon, asOnly), "dst_")).isEqualTo(Map.of(
                    "asn", 64496L, "as_org", "Loopback Networks"));
            assertThat(daemon.stderr()).doesNotContain("ERROR", "Exception", "WARN");
        }
    }

    @Test
    void aDatabaseReplacedOnDiskIsUsedWithoutRestartAndWithoutLosingEvents() throws Exception {
        Path database = Files.copy(TestDatabases.city(), dir.resolve("GeoLite2-City.mmdb"));
        try (TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable",
                    "--geoip.database", database.toString(), "--geoip.reload-interval", "1")) {
                List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 3));
                assertThat(geoFields(newEventOf(daemon, flows.get(0)), "src_")).containsEntry("city", "Berlin");

                GeoIpReloadTest.replace(database, TestDatabases.cityV2());
                flows.addAll(ns.tcpFlows("127.0.0.1", 3)); // traffic while the daemon notices and swaps
                daemon.awaitStderr(err -> err.contains("GeoIP database reloaded"), WAIT);
                Flow after = ns.tcpFlows("127.0.0.1", 1).get(0);
                flows.add(after);
                assertThat(geoFields(newEventOf(daemon, after), "src_")).containsEntry("city", "Hamburg")
                        .containsEntry("lat", 53.5753);
                ns.flushConntrack();

                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<JsonNode> lines = daemon.awaitJsonLines(kernel.size() + " lines", l -> l.size() >= kernel.size(),
                        WAIT);
                assertThat(EventKeys.byFlow(lines, l -> l.get("flow").asLong(), EventKeys::of))
                        .as("every kernel event, before, during and after the swap")
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                assertThat(lines).allSatisfy(line -> assertThat(line.get("src_city").asText()).isIn("Berlin", "Hamburg"));
            } finally {
                monitor.stop();
            }
        }
    }

    /** The NEW line of {@code flow}, waiting for it. */
    private static JsonNode newEventOf(DaemonProcess daemon, Flow flow) throws Exception {
        List<JsonNode> lines = daemon.awaitJsonLines("the NEW line of " + flow,
                l -> l.stream().anyMatch(line -> isNewEventOf(flow, line)), WAIT);
        return lines.stream().filter(line -> isNewEventOf(flow, line)).findFirst()
                .orElseThrow(() -> new AssertionError("no NEW line for " + flow + " in " + lines));
    }

    private static boolean isNewEventOf(Flow flow, JsonNode line) {
        return line.get("type").asText().equals("NEW") && line.get("src_addr").asText().equals(flow.source())
                && line.get("src_port").asInt() == flow.sourcePort()
                && line.get("dst_port").asInt() == flow.destinationPort();
    }

    /** The GeoIP fields of one side, without the prefix: strings, longs and doubles as JSON typed them. */
    private static Map<String, Object> geoFields(JsonNode line, String prefix) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : GEO_FIELDS) {
            JsonNode v = line.get(prefix + name);
            if (v != null) {
                fields.put(name, v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong() : v.asDouble());
            }
        }
        return fields;
    }
}
