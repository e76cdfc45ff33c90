package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.EventField;
import io.conntrackd.sink.EventFields;
import io.conntrackd.sink.FieldVisitor;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.stream.JsonLinesWriter;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class EntryEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event with every optional field: GeoIP on both sides, NAT, mark, zone, counters, flow times. */
    static ConntrackEvent fullEvent() {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche \"Telekom\" AG \u00e4");
        Location dst = new Location("Falkenstein", "Germany", "DE", 50.4777, 12.3649, 24940, "Hetzner");
        return TestEvents.builder(EventType.DESTROY, Protocol.UDP,
                        TestEvents.tuple("192.168.1.10", 5000, "8.8.8.8", 53))
                .reply(TestEvents.tuple("8.8.8.8", 53, "203.0.113.7", 61000))
                .mark(7).zone(2)
                .originalCounters(new Counters(1, 60)).replyCounters(new Counters(1, 120))
                .startNanos(1_764_070_510_000_000_000L).stopNanos(1_764_070_511_500_000_000L)
                .build().withLocations(src, dst);
    }

    /** What the stream sink writes for the event, without its newline. */
    static String streamLine(ConntrackEvent event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonLinesWriter(out).write(new EventBatch(List.of(event), new SinkStats("stream")));
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** Every field of the event except the stream labels, as strings: what structured metadata must hold. */
    static Map<String, String> expectedMetadata(ConntrackEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        EventFields.visit(event, new FieldVisitor() {
            @Override
            public void text(EventField field, String value) {
                fields.put(field.key(), value);
            }

            @Override
            public void integer(EventField field, long value) {
                fields.put(field.key(), Long.toString(value));
            }

            @Override
            public void decimal(EventField field, double value) {
                fields.put(field.key(), Double.toString(value));
            }
        });
        fields.remove("type");
        fields.remove("prot");
        return fields;
    }

    private static Map<String, String> metadata(JsonNode entry) {
        return JSON.convertValue(entry.get(2), new TypeReference<Map<String, String>>() { });
    }

    @Test
    void encodesTimestampLineAndMetadata() throws Exception {
        ConntrackEvent event = fullEvent();
        JsonNode entry = JSON.readTree(new EntryEncoder(true).encode(event, 1_764_070_511_082_791_653L));

        assertThat(entry.isArray()).isTrue();
        assertThat(entry).hasSize(3);
        assertThat(entry.get(0).asText()).isEqualTo("1764070511082791653");
        assertThat(entry.get(1).asText()).isEqualTo(streamLine(event));
        Map<String, String> metadata = metadata(entry);
        assertThat(metadata).isEqualTo(expectedMetadata(event));
        assertThat(metadata).containsEntry("flow", "4000057915").containsEntry("src_lat", "47.4906")
                .containsEntry("dst_as_org", "Hetzner").containsEntry("reply_dst_port", "61000")
                .doesNotContainKeys("type", "prot");
        assertThat(metadata).as("every field but the two labels and tcp_state (UDP)")
                .hasSize(EventField.values().length - 3);
    }

    @Test
    void leavesMetadataOutWhenSwitchedOff() throws Exception {
        ConntrackEvent event = TestEvents.tcp4();
        JsonNode entry = JSON.readTree(new EntryEncoder(false).encode(event, 5));
        assertThat(entry).hasSize(2);
        assertThat(entry.get(0).asText()).isEqualTo("5");
        assertThat(entry.get(1).asText()).isEqualTo(streamLine(event));
    }

    @Test
    void reusesItsBuffersWithoutMixingEvents() throws Exception {
        EntryEncoder encoder = new EntryEncoder(true);
        byte[] first = encoder.encode(fullEvent(), 1);
        byte[] second = encoder.encode(TestEvents.udp6(), 2);
        assertThat(JSON.readTree(first).get(1).asText()).isEqualTo(streamLine(fullEvent()));
        assertThat(JSON.readTree(second).get(1).asText()).isEqualTo(streamLine(TestEvents.udp6()));
        assertThat(metadata(JSON.readTree(second))).isEqualTo(expectedMetadata(TestEvents.udp6()));
    }
}
