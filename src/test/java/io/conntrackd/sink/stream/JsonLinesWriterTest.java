package io.conntrackd.sink.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class JsonLinesWriterTest {

    /** TestEvents.RECEIVED_NANOS; the test JVM runs in UTC (see pom.xml). */
    private static final String TIME = "{\"time\":\"2025-11-25T11:35:11.082791653Z\",";

    private static String write(ConntrackEvent... events) throws Exception {
        return write(new SinkStats("stream"), events);
    }

    private static String write(SinkStats stats, ConntrackEvent... events) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesWriter writer = new JsonLinesWriter(out);
        writer.write(new EventBatch(List.of(events), stats));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheOriginalFieldsInOrderForIpv4Tcp() throws Exception {
        assertThat(write(TestEvents.tcp4())).isEqualTo(TIME
                + "\"level\":\"INFO\","
                + "\"msg\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
                + "\"type\":\"NEW\",\"flow\":4000057915,\"prot\":\"TCP\","
                + "\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
                + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"}\n");
    }

    @Test
    void bracketsIpv6InTheMessageAndLeavesOutTcpStateForUdp() throws Exception {
        assertThat(write(TestEvents.udp6())).isEqualTo(TIME
                + "\"level\":\"INFO\","
                + "\"msg\":\"UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to"
                + " [2a01:4f8::2]:53\","
                + "\"type\":\"UPDATE\",\"flow\":4000057915,\"prot\":\"UDP\","
                + "\"src_addr\":\"2003:cf:1716:7b64:da80:83ff:fecd:da51\",\"dst_addr\":\"2a01:4f8::2\","
                + "\"src_port\":5353,\"dst_port\":53}\n");
    }

    @Test
    void writesGeoipFieldsAfterTheTupleAndLeavesOutUnknownOnes() throws Exception {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche Telekom AG");
        Location dst = new Location(null, "Germany", "DE", 51.2993, 9.491, 0, null);
        String line = write(TestEvents.tcp4().withLocations(src, dst));
        assertThat(line).endsWith("\"tcp_state\":\"SYN_SENT\","
                + "\"src_city\":\"Garmisch-Partenkirchen\",\"src_country\":\"Germany\","
                + "\"src_lat\":47.4906,\"src_lon\":11.1026,"
                + "\"dst_country\":\"Germany\",\"dst_lat\":51.2993,\"dst_lon\":9.491,"
                + "\"src_country_code\":\"DE\",\"src_asn\":3320,\"src_as_org\":\"Deutsche Telekom AG\","
                + "\"dst_country_code\":\"DE\"}\n");
    }

    @Test
    void writesTheNamespaceOfAnEventFromAnotherAfterTheZone() throws Exception {
        assertThat(write(TestEvents.tcp4FromNamespace())).endsWith("\"dst_port\":443,\"tcp_state\":\"SYN_SENT\","
                + "\"netns_id\":7,\"netns\":\"web\"}\n");
    }

    @Test
    void writesKernelExtrasWhenPresent() throws Exception {
        ConntrackEvent nat = TestEvents.builder(EventType.DESTROY, Protocol.UDP,
                        TestEvents.tuple("192.168.1.10", 5000, "8.8.8.8", 53))
                .reply(TestEvents.tuple("8.8.8.8", 53, "203.0.113.7", 61000))
                .mark(7).zone(2)
                .originalCounters(new Counters(1, 60)).replyCounters(new Counters(1, 120))
                .startNanos(1_764_070_510_000_000_000L).stopNanos(1_764_070_511_500_000_000L)
                .build();
        String line = write(nat);
        assertThat(line).contains("\"dst_port\":53,\"reply_src_addr\":\"8.8.8.8\",\"reply_dst_addr\":\"203.0.113.7\","
                + "\"reply_src_port\":53,\"reply_dst_port\":61000,\"mark\":7,\"zone\":2,"
                + "\"orig_packets\":1,\"orig_bytes\":60,\"reply_packets\":1,\"reply_bytes\":120,"
                + "\"flow_start\":\"2025-11-25T11:35:10Z\","
                + "\"flow_stop\":\"2025-11-25T11:35:11.5Z\"}\n");
    }

    @Test
    void writesRecurringAndChangingCoordinatesAsGoWritesThem() throws Exception {
        // the writer keeps the text of recent coordinates: repeats, and values that share a slot, stay right
        double[] values = {47.4906, -33.8678, 1.0E-5, 52.5244, 47.4906, 151.2073, 0.1 + 0.2, -0.0, 1.0E10, 51.0,
            0.0001, 1.0E-7, 51.0};
        String[] expected = {"47.4906", "-33.8678", "0.00001", "52.5244", "47.4906", "151.2073",
            "0.30000000000000004", "-0", "10000000000", "51", "0.0001", "1e-7", "51"};
        ConntrackEvent[] events = new ConntrackEvent[values.length];
        for (int i = 0; i < values.length; i++) {
            events[i] = TestEvents.tcp4().withLocations(new Location(null, null, null, values[i], values[i], 0, null),
                    null);
        }
        String[] lines = write(events).split("\n");
        for (int i = 0; i < values.length; i++) {
            assertThat(lines[i]).endsWith(",\"src_lat\":" + expected[i] + ",\"src_lon\":" + expected[i] + "}");
        }
    }

    @Test
    void escapesTextFieldsAndEncodesThemAsUtf8() throws Exception {
        Location src = new Location("M\u00fcnchen \"Nord\"\\", "Germany", "DE", Double.NaN, Double.NaN, 0, null);
        assertThat(write(TestEvents.tcp4().withLocations(src, null)))
                .contains("\"src_city\":\"M\u00fcnchen \\\"Nord\\\"\\\\\",");
    }

    @Test
    void writesOneLinePerEventAndSettlesEachAsDeliveredOnce() throws Exception {
        SinkStats stats = new SinkStats("stream");
        String out = write(stats, TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4());
        assertThat(out.split("\n")).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"time\":"));
        assertThat(stats.delivered()).isEqualTo(3);
        assertThat(stats.failed() + stats.dropped() + stats.settlementErrors()).isZero();
    }

    @Test
    void aFailedWriteSettlesNothingAndLeavesTheBatchToTheWorker() throws Exception {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        JsonLinesWriter writer = new JsonLinesWriter(closed);
        SinkStats stats = new SinkStats("stream");
        EventBatch batch = new EventBatch(List.of(TestEvents.tcp4(), TestEvents.udp6()), stats);

        assertThatThrownBy(() -> writer.write(batch)).isInstanceOf(IOException.class).hasMessage("Broken pipe");
        assertThat(stats.delivered() + stats.failed() + stats.dropped()).isZero();
        assertThat(batch.settleRemaining(Outcome.FAILED, "java.io.IOException: Broken pipe")).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(2);
        assertThat(stats.settlementErrors()).isZero();
    }
}
