package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import io.conntrackd.json.EventJsonWriter;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import io.conntrackd.testing.TestEvents;
import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {

    /** The stream sink's line of TestEvents.tcp4() (the test JVM runs in UTC). */
    private static final String LINE = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",\"level\":\"INFO\","
            + "\"msg\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
            + "\"type\":\"NEW\",\"flow\":4000057915,\"prot\":\"TCP\","
            + "\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
            + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"}";

    @Test
    void theValueIsTheJsonLineTheKeyTheFlowIdAndTheHeadersRouteIt() {
        KafkaRecords records = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        for (int i = 0; i < 2; i++) { // the second record reuses the encoder
            ProducerRecord<byte[], byte[]> r = records.of(TestEvents.tcp4(), null);
            assertThat(r.topic()).isEqualTo("conntrack");
            assertThat(r.partition()).isNull();
            assertThat(text(r.key())).isEqualTo("4000057915");
            assertThat(text(r.value())).isEqualTo(LINE);
            assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("type", "prot", "host");
            assertThat(r.headers().toArray()).extracting(h -> text(h.value())).containsExactly("NEW", "TCP", "edge-7");
        }
    }

    @Test
    void theValueOfAnEventFromAnotherNamespaceNamesIt() {
        ProducerRecord<byte[], byte[]> r = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7")
                .of(TestEvents.tcp4FromNamespace(), null);
        assertThat(text(r.value())).isEqualTo(LINE.replace("}", ",\"netns_id\":7,\"netns\":\"web\"}"));
    }

    @Test
    void otherKeysAreAnAddressOrNone() {
        assertThat(text(new KafkaRecords("t", RecordKey.SOURCE, "h").of(TestEvents.tcp4(), null).key()))
                .isEqualTo("10.0.0.1");
        assertThat(text(new KafkaRecords("t", RecordKey.DESTINATION, "h").of(TestEvents.tcp4(), null).key()))
                .isEqualTo("93.184.216.34");
        assertThat(new KafkaRecords("t", RecordKey.NONE, "h").of(TestEvents.tcp4(), null).key()).isNull();
    }

    @Test
    void theValueIsTheLineTheRouteEncodedWhenItDid() {
        KafkaRecords records = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        ConntrackEvent event = TestEvents.tcp4();
        byte[] routeLine = new LineEncoder().line(event);

        byte[] value = records.of(event, routeLine).value();

        assertThat(value).isSameAs(routeLine);
        assertThat(text(value)).isEqualTo(LINE);
    }

    @Test
    void aValueFromTheLineTheRouteEncodedIsTheValueTheSinkEncodesAlone() {
        KafkaRecords shared = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        KafkaRecords alone = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        LineEncoder route = new LineEncoder();
        for (ConntrackEvent event : TestEvents.varied()) { // events from other namespaces among them
            assertThat(shared.of(event, route.line(event)).value()).isEqualTo(alone.of(event, null).value());
        }
    }

    @Test
    void aGroupedRecordHoldsItsEventsLinesSeparatedByNewlinesAsABatchsJson() {
        KafkaRecords records = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        List<ConntrackEvent> events = TestEvents.varied();
        List<byte[]> routeLines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) { // the route encoded some lines, the sink encodes the others
            routeLines.add(i % 2 == 0 ? new LineEncoder().line(events.get(i)) : null);
        }
        EventBatch batch = EventBatch.withLines(events, routeLines, new SinkStats("kafka"));

        KafkaRecords.Grouped grouped = records.grouped(batch, new RecordGroups.Group(2, new int[] {1, 4, 6}), 0);
        ProducerRecord<byte[], byte[]> r = grouped.record();
        assertThat(grouped.events()).isEqualTo(3);

        assertThat(r.value()).isEqualTo(EventJsonWriter.toBytes(List.of(events.get(1), events.get(4), events.get(6))));
        assertThat(text(r.value()).split("\n", -1)).containsExactly(text(records.of(events.get(1), null).value()),
                text(records.of(events.get(4), null).value()), text(records.of(events.get(6), null).value()));
        assertThat(r.partition()).isEqualTo(2);
        assertThat(r.key()).isNull();
        assertThat(r.topic()).isEqualTo("conntrack");
        assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("host", "events");
        assertThat(r.headers().toArray()).extracting(h -> text(h.value())).containsExactly("edge-7", "3");

        ProducerRecord<byte[], byte[]> next = records.grouped(batch, new RecordGroups.Group(null, new int[] {0}), 0)
                .record();
        assertThat(text(next.value())).as("the next record starts afresh").isEqualTo(LINE);
        assertThat(next.partition()).isNull();
        assertThat(text(next.headers().lastHeader("events").value())).isEqualTo("1");
    }

    @Test
    void aGroupWhoseLinesExceedTheRecordLimitIsCutIntoRecordsThatFit() {
        KafkaRecords records = new KafkaRecords("conntrack", RecordKey.FLOW, "edge-7");
        List<ConntrackEvent> events = Collections.nCopies(2000, TestEvents.varied().get(0));
        EventBatch batch = EventBatch.withLines(events, Collections.<byte[]>nCopies(2000, null), new SinkStats("kafka"));
        int[] all = IntStream.range(0, events.size()).toArray();
        RecordGroups.Group group = new RecordGroups.Group(1, all);
        int lineBytes = records.of(events.get(0), null).value().length;
        int perRecord = (KafkaRecords.MAX_GROUPED_VALUE_BYTES + 1) / (lineBytes + 1);

        KafkaRecords.Grouped first = records.grouped(batch, group, 0);
        KafkaRecords.Grouped second = records.grouped(batch, group, first.events());

        assertThat(first.events()).as("as many lines as fit, with their newlines").isEqualTo(perRecord);
        assertThat(first.record().value().length).isLessThanOrEqualTo(KafkaRecords.MAX_GROUPED_VALUE_BYTES)
                .isEqualTo(perRecord * (lineBytes + 1) - 1);
        assertThat(text(first.record().headers().lastHeader("events").value())).isEqualTo(Integer.toString(perRecord));
        assertThat(second.events()).isEqualTo(Math.min(perRecord, events.size() - perRecord));
        assertThat(second.record().partition()).isEqualTo(1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
