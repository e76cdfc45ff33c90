package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class EntryEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event with every optional field: GeoIP on both sides, NAT, mark, zone, namespace, counters, flow times. */
    static ConntrackEvent fullEvent() {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche \"Telekom\" AG \u00e4");
        Location dst = new Location("Falkenstein", "Germany", "DE", 50.4777, 12.3649, 24940, "Hetzner");
        return TestEvents.builder(EventType.DESTROY, Protocol.UDP,
                        TestEvents.tuple("192.168.1.10", 5000, "8.8.8.8", 53))
                .reply(TestEvents.tuple("8.8.8.8", 53, "203.0.113.7", 61000))
                .mark(7).zone(2).namespace(new PeerNamespace(7, "web"))
                .originalCounters(new Counters(1, 60)).replyCounters(new Counters(1, 120))
                .startNanos(1_764_070_510_000_000_000L).stopNanos(1_764_070_511_500_000_000L)
                .build().withLocations(src, dst);
    }

    /** The line of fullEvent(): what the stream sink writes, without its newline (the test JVM runs in UTC). */
    static final String FULL_EVENT_LINE = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",\"level\":\"INFO\","
            + "\"msg\":\"DESTROY UDP connection from 192.168.1.10:5000 to 8.8.8.8:53\",\"type\":\"DESTROY\","
            + "\"flow\":4000057915,\"prot\":\"UDP\",\"src_addr\":\"192.168.1.10\",\"dst_addr\":\"8.8.8.8\","
            + "\"src_port\":5000,\"dst_port\":53,\"src_city\":\"Garmisch-Partenkirchen\",\"src_country\":\"Germany\","
            + "\"src_lat\":47.4906,\"src_lon\":11.1026,\"dst_city\":\"Falkenstein\",\"dst_country\":\"Germany\","
            + "\"dst_lat\":50.4777,\"dst_lon\":12.3649,\"src_country_code\":\"DE\",\"src_asn\":3320,"
            + "\"src_as_org\":\"Deutsche \\\"Telekom\\\" AG \u00e4\",\"dst_country_code\":\"DE\",\"dst_asn\":24940,"
            + "\"dst_as_org\":\"Hetzner\",\"reply_src_addr\":\"8.8.8.8\",\"reply_dst_addr\":\"203.0.113.7\","
            + "\"reply_src_port\":53,\"reply_dst_port\":61000,\"mark\":7,\"zone\":2,\"netns_id\":7,\"netns\":\"web\","
            + "\"orig_packets\":1,"
            + "\"orig_bytes\":60,\"reply_packets\":1,\"reply_bytes\":120,\"flow_start\":\"2025-11-25T11:35:10Z\","
            + "\"flow_stop\":\"2025-11-25T11:35:11.5Z\"}";
    /** The line of TestEvents.tcp4(). */
    static final String TCP4_LINE = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",\"level\":\"INFO\","
            + "\"msg\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\",\"type\":\"NEW\","
            + "\"flow\":4000057915,\"prot\":\"TCP\",\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
            + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"}";
    /** The line of TestEvents.udp6(). */
    static final String UDP6_LINE = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",\"level\":\"INFO\","
            + "\"msg\":\"UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to [2a01:4f8::2]:53\","
            + "\"type\":\"UPDATE\",\"flow\":4000057915,\"prot\":\"UDP\","
            + "\"src_addr\":\"2003:cf:1716:7b64:da80:83ff:fecd:da51\",\"dst_addr\":\"2a01:4f8::2\","
            + "\"src_port\":5353,\"dst_port\":53}";

    /**
     * The event fields of a line as strings, but the two stream labels (type, prot): what structured
     * metadata must hold. time, level and msg are not event fields.
     */
    static Map<String, String> metadataOf(String line) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        JSON.readTree(line).fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        fields.keySet().removeAll(List.of("time", "level", "msg", "type", "prot"));
        return fields;
    }

    private static Map<String, String> metadata(JsonNode entry) {
        return JSON.convertValue(entry.get(2), new TypeReference<Map<String, String>>() { });
    }

    @Test
    void encodesTimestampLineAndMetadata() throws Exception {
        ConntrackEvent event = fullEvent();
        JsonNode entry = JSON.readTree(new EntryEncoder(true).encode(event, 1_764_070_511_082_791_653L, null));

        assertThat(entry.isArray()).isTrue();
        assertThat(entry).hasSize(3);
        assertThat(entry.get(0).asText()).isEqualTo("1764070511082791653");
        assertThat(entry.get(1).asText()).isEqualTo(FULL_EVENT_LINE);
        Map<String, String> metadata = metadata(entry);
        assertThat(metadata).isEqualTo(metadataOf(FULL_EVENT_LINE));
        assertThat(metadata).containsEntry("flow", "4000057915").containsEntry("src_lat", "47.4906")
                .containsEntry("dst_as_org", "Hetzner").containsEntry("reply_dst_port", "61000")
                .containsEntry("netns_id", "7").containsEntry("netns", "web")
                .doesNotContainKeys("type", "prot");
        assertThat(metadata).as("every field but the two labels and tcp_state (UDP)")
                .hasSize(EventField.values().length - 3);
    }

    @Test
    void writesCoordinatesAsGoPrintsThemInTheLineAndTheMetadata() throws Exception {
        Location src = new Location(null, null, null, 51.0, 0.0001, 0, null);
        Location dst = new Location(null, null, null, -0.0, 1.0E-5, 0, null);
        JsonNode entry = JSON.readTree(new EntryEncoder(true).encode(TestEvents.tcp4().withLocations(src, dst), 1,
                null));
        assertThat(entry.get(1).asText()).endsWith(
                "\"src_lat\":51,\"src_lon\":0.0001,\"dst_lat\":-0,\"dst_lon\":0.00001}");
        assertThat(metadata(entry)).containsEntry("src_lat", "51").containsEntry("src_lon", "0.0001")
                .containsEntry("dst_lat", "-0").containsEntry("dst_lon", "1e-05");
    }

    @Test
    void leavesMetadataOutWhenSwitchedOff() throws Exception {
        ConntrackEvent event = TestEvents.tcp4();
        JsonNode entry = JSON.readTree(new EntryEncoder(false).encode(event, 5, null));
        assertThat(entry).hasSize(2);
        assertThat(entry.get(0).asText()).isEqualTo("5");
        assertThat(entry.get(1).asText()).isEqualTo(TCP4_LINE);
    }

    @Test
    void reusesItsBuffersWithoutMixingEvents() throws Exception {
        EntryEncoder encoder = new EntryEncoder(true);
        byte[] first = encoder.encode(fullEvent(), 1, null);
        byte[] second = encoder.encode(TestEvents.udp6(), 2, null);
        assertThat(JSON.readTree(first).get(1).asText()).isEqualTo(FULL_EVENT_LINE);
        assertThat(JSON.readTree(second).get(1).asText()).isEqualTo(UDP6_LINE);
        assertThat(metadata(JSON.readTree(second))).isEqualTo(metadataOf(UDP6_LINE));
    }

    @Test
    void anEntryWithTheLineTheRouteEncodedIsTheSameEntry() throws Exception {
        ConntrackEvent event = fullEvent();
        byte[] routeLine = new LineEncoder().line(event);

        byte[] entry = new EntryEncoder(true).encode(event, 7, routeLine);

        assertThat(entry).isEqualTo(new EntryEncoder(true).encode(event, 7, null));
        assertThat(JSON.readTree(entry).get(1).asText()).isEqualTo(FULL_EVENT_LINE);
    }

    @Test
    void entriesFromTheLinesTheRouteEncodedAreTheEntriesTheSinkEncodesAlone() throws Exception {
        EntryEncoder shared = new EntryEncoder(true);
        EntryEncoder alone = new EntryEncoder(true);
        LineEncoder route = new LineEncoder();
        for (ConntrackEvent event : TestEvents.varied()) { // events from other namespaces among them
            assertThat(shared.encode(event, 7, route.line(event))).isEqualTo(alone.encode(event, 7, null));
        }
    }
}
