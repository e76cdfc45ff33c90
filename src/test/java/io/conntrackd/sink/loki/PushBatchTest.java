package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class PushBatchTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final LokiLabels labels = LokiLabels.of("box", Map.of("env", "x"));

    private static byte[] entry(String line) {
        return ("[\"1\",\"" + line + "\"]").getBytes(StandardCharsets.UTF_8);
    }

    /** The ticket of an event nobody looks at again. */
    private static EventBatch.Ticket ticket() {
        return new EventBatch(List.of(TestEvents.tcp4()), new SinkStats("loki")).take(0);
    }

    @Test
    void settlesTheEventsOfEveryEntryOnce() {
        SinkStats stats = new SinkStats("loki");
        EventBatch events = new EventBatch(List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()), stats);
        PushBatch batch = new PushBatch(labels.streamCount(), 0);
        batch.add(0, entry("a"), events.take(2));
        batch.add(3, entry("b"), events.take(0));

        batch.settle(Outcome.FAILED, "refused");
        events.settle(1, Outcome.DELIVERED, null);

        assertThat(stats.failed()).isEqualTo(2);
        assertThat(stats.delivered()).isEqualTo(1);
        assertThat(stats.settlementErrors()).isZero();
    }

    @Test
    void writesOneStreamObjectPerStreamInUseWithItsEntriesInOrder() throws Exception {
        PushBatch batch = new PushBatch(labels.streamCount(), 0);
        int newTcp = LokiLabels.streamIndex(EventType.NEW, Protocol.TCP);
        int destroyUdp = LokiLabels.streamIndex(EventType.DESTROY, Protocol.UDP);
        batch.add(destroyUdp, entry("a"), ticket());
        batch.add(newTcp, entry("b"), ticket());
        batch.add(destroyUdp, entry("c"), ticket());

        byte[] body = batch.body(labels);
        JsonNode json = STRICT.readTree(body);

        assertThat(body[body.length - 1]).as("exactly sized: no padding").isEqualTo((byte) '}');
        assertThat(json.get("streams")).hasSize(2);
        assertThat(json.get("streams").get(0).get("stream").get("type").asText()).isEqualTo("NEW");
        assertThat(json.get("streams").get(0).get("values")).hasSize(1);
        JsonNode udp = json.get("streams").get(1);
        assertThat(STRICT.convertValue(udp.get("stream"), Map.class)).isEqualTo(labels.stream(destroyUdp));
        assertThat(udp.get("values").get(0).get(1).asText()).isEqualTo("a");
        assertThat(udp.get("values").get(1).get(1).asText()).isEqualTo("c");
        assertThat(batch.lines()).isEqualTo(3);
    }

    @Test
    void anEmptyBatchIsAnEmptyStreamList() throws Exception {
        byte[] body = new PushBatch(labels.streamCount(), 0).body(labels);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"streams\":[]}");
    }
}
