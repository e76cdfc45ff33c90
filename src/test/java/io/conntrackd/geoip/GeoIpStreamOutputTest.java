package io.conntrackd.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.stream.JsonLinesWriter;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the stream sink writes for enriched events: the src_/dst_ fields, and nothing for unknown values. */
class GeoIpStreamOutputTest {

    private GeoIpLocator locator;
    private GeoIpEnricher enricher;

    @BeforeEach
    void open() throws Exception {
        locator = GeoIpLocator.open(TestDatabases.city(), TestDatabases.asn(), 4096);
        enricher = new GeoIpEnricher(locator, Duration.ZERO);
    }

    @AfterEach
    void close() {
        locator.close();
    }

    private JsonNode line(String src, String dst) throws Exception {
        ConntrackEvent event = enricher.enrich(TestEvents.event(EventType.NEW, Protocol.TCP, src, 40000, dst, 443));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonLinesWriter(out).write(new EventBatch(List.of(event), new SinkStats("stream")));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKnownAddressGetsAllFieldsWithNumbersAsJsonNumbers() throws Exception {
        JsonNode json = line("127.0.0.1", "::1");
        assertThat(json.get("src_city").asText()).isEqualTo("Berlin");
        assertThat(json.get("src_country").asText()).isEqualTo("Germany");
        assertThat(json.get("src_lat").isNumber()).isTrue();
        assertThat(json.get("src_lat").doubleValue()).isEqualTo(52.5244);
        assertThat(json.get("src_lon").doubleValue()).isEqualTo(13.4105);
        assertThat(json.get("src_country_code").asText()).isEqualTo("DE");
        assertThat(json.get("src_asn").longValue()).isEqualTo(64496);
        assertThat(json.get("src_as_org").asText()).isEqualTo("Loopback Networks");
        assertThat(json.get("dst_city").asText()).isEqualTo("Tokyo");
        assertThat(json.get("dst_country").asText()).isEqualTo("Japan");
        assertThat(json.get("dst_lat").doubleValue()).isEqualTo(35.6895);
        assertThat(json.get("dst_lon").doubleValue()).isEqualTo(139.6917);
    }

    @Test
    void fieldsTheDatabaseLacksAreLeftOut() throws Exception {
        JsonNode json = line("127.0.2.1", "198.51.100.7");
        assertThat(json.get("src_country").asText()).isEqualTo("Italy");
        assertThat(json.has("src_city")).isFalse();
        assertThat(json.has("src_lat")).isFalse();
        assertThat(json.has("src_lon")).isFalse();
        assertThat(json.get("dst_lat").doubleValue()).isEqualTo(40.7128);
        assertThat(json.get("dst_asn").longValue()).isEqualTo(64500);
        assertThat(json.has("dst_city")).isFalse();
        assertThat(json.has("dst_country")).isFalse();
        assertThat(json.has("dst_as_org")).isFalse();
    }

    @Test
    void anUnknownAddressGetsNoFields() throws Exception {
        JsonNode json = line("203.0.113.1", "127.0.0.1");
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("src_addr", "dst_city").doesNotContain("src_city", "src_country", "src_lat",
                "src_lon", "src_country_code", "src_asn", "src_as_org");
        assertThat(json.get("dst_city").asText()).isEqualTo("Berlin");
    }
}
