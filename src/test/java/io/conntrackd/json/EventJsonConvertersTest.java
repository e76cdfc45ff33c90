package io.conntrackd.json;

import static io.conntrackd.json.JsonEvents.FULL;
import static io.conntrackd.json.JsonEvents.TCP4;
import static io.conntrackd.json.JsonEvents.UDP6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.TypeConversionException;
import org.apache.camel.TypeConverter;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The converters as Camel finds them on the classpath (the generated loader), with literal JSON. */
class EventJsonConvertersTest {

    private static CamelContext context;
    private static TypeConverter converter;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
        converter = context.getTypeConverter();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    @Test
    void anEventBecomesTheStreamSinksLineWithoutItsNewline() throws Exception {
        assertThat(converter.mandatoryConvertTo(String.class, TestEvents.tcp4())).isEqualTo(TCP4);
        assertThat(converter.mandatoryConvertTo(String.class, TestEvents.udp6())).isEqualTo(UDP6);
        assertThat(converter.mandatoryConvertTo(String.class, JsonEvents.full())).isEqualTo(FULL);
    }

    @Test
    void bytesAndStreamsHoldTheSameUtf8() throws Exception {
        byte[] expected = FULL.getBytes(StandardCharsets.UTF_8);
        assertThat(converter.mandatoryConvertTo(byte[].class, JsonEvents.full())).isEqualTo(expected);
        try (InputStream in = converter.mandatoryConvertTo(InputStream.class, JsonEvents.full())) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    @Test
    void aBatchBecomesOneLinePerEvent() throws Exception {
        List<ConntrackEvent> batch = List.of(TestEvents.tcp4(), TestEvents.udp6());
        assertThat(converter.mandatoryConvertTo(String.class, batch)).isEqualTo(TCP4 + "\n" + UDP6);
        assertThat(converter.mandatoryConvertTo(byte[].class, batch))
                .isEqualTo((TCP4 + "\n" + UDP6).getBytes(StandardCharsets.UTF_8));
        try (InputStream in = converter.mandatoryConvertTo(InputStream.class, new java.util.ArrayList<>(batch))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TCP4 + "\n" + UDP6);
        }
    }

    @Test
    void otherListsConvertAsWithoutUsAndDoNotStopBatchesOfTheirClass() throws Exception {
        assertThat(converter.mandatoryConvertTo(String.class, List.of("a", "b"))).isEqualTo("[a, b]");
        assertThat(converter.mandatoryConvertTo(String.class, List.of())).isEqualTo("[]");
        assertThat(converter.mandatoryConvertTo(byte[].class, List.of((byte) 'o', (byte) 'k'))).isEqualTo(new byte[] {'o', 'k'});
        assertThat(converter.convertTo(byte[].class, List.of("a", "b"))).isNull();
        assertThat(converter.convertTo(InputStream.class, List.of("a", "b"))).isNull();
        List<ConntrackEvent> batch = List.of(TestEvents.tcp4(), TestEvents.udp6()); // the same class as the lists above
        assertThat(converter.mandatoryConvertTo(String.class, batch)).isEqualTo(TCP4 + "\n" + UDP6);
        assertThat(converter.mandatoryConvertTo(byte[].class, batch))
                .isEqualTo((TCP4 + "\n" + UDP6).getBytes(StandardCharsets.UTF_8));
        try (InputStream in = converter.mandatoryConvertTo(InputStream.class, batch)) {
            assertThat(in).hasBinaryContent((TCP4 + "\n" + UDP6).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anEventBecomesAMapOfTheSameFieldsInOrder() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = converter.mandatoryConvertTo(Map.class, TestEvents.tcp4());
        assertThat(map.keySet()).containsExactly("time", "level", "msg", "type", "flow", "prot", "src_addr", "dst_addr",
                "src_port", "dst_port", "tcp_state");
        assertThat(map).containsEntry("level", "INFO").containsEntry("flow", 4000057915L)
                .containsEntry("src_addr", "10.0.0.1").containsEntry("dst_port", 443L)
                .containsEntry("msg", "NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443");
        @SuppressWarnings("unchecked")
        Map<String, Object> full = converter.mandatoryConvertTo(Map.class, JsonEvents.full());
        assertThat(full).containsEntry("dst_lat", 51.0).containsEntry("src_lon", 11.0).containsEntry("mark", 7L);
    }

    @Test
    void everyFieldTheLineCarriesComesBack() throws Exception {
        for (ConntrackEvent event : List.of(JsonEvents.full(), TestEvents.tcp4(), TestEvents.udp6())) {
            String line = converter.mandatoryConvertTo(String.class, event);
            assertThat(converter.mandatoryConvertTo(ConntrackEvent.class, line)).isEqualTo(event);
            assertThat(converter.mandatoryConvertTo(ConntrackEvent.class, line.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(event);
            assertThat(converter.mandatoryConvertTo(ConntrackEvent.class,
                    new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))).isEqualTo(event);
            Map<?, ?> map = converter.mandatoryConvertTo(Map.class, event);
            assertThat(converter.mandatoryConvertTo(ConntrackEvent.class, new LinkedHashMap<>(map))).isEqualTo(event);
        }
    }

    @Test
    void readsALineWithItsNewlineAndIgnoresUnknownKeys() throws Exception {
        String line = TCP4.replace("\"level\":\"INFO\",", "\"level\":\"INFO\",\"host\":{\"name\":\"fw1\"},") + "\n";
        assertThat(converter.mandatoryConvertTo(ConntrackEvent.class, line)).isEqualTo(TestEvents.tcp4());
    }

    @Test
    void malformedInputNamesTheField() {
        assertFails(TCP4.replace("\"src_port\":41756", "\"src_port\":\"http\""),
                "field \"src_port\": expected an integer, found the string \"http\"");
        assertFails(TCP4.replace("\"dst_addr\":\"93.184.216.34\",", ""), "field \"dst_addr\": missing");
        assertFails(TCP4.replace("93.184.216.34\",", "93.184.216\","),
                "field \"dst_addr\": not an IP address: \"93.184.216\"");
        assertFails(TCP4.replace("\"NEW\"", "\"OPEN\""),
                "field \"type\": expected one of [NEW, UPDATE, DESTROY], found \"OPEN\"");
        assertFails(TCP4.replace("\"dst_port\":443", "\"dst_port\":70000"),
                "field \"dst_port\": 70000 is not a port number (0 to 65535)");
        assertFails(TCP4.replace("\"flow\":4000057915", "\"flow\":1.5"),
                "field \"flow\": expected an integer, found the number 1.5");
        assertFails(TCP4.replace("\"src_addr\":\"10.0.0.1\"", "\"src_addr\":[1]"),
                "field \"src_addr\": expected a string, found an array");
        assertFails(TCP4.replace("\"dst_addr\":\"93.184.216.34\"", "\"dst_addr\":\"::1\""),
                "field \"dst_addr\": \"::1\" is not of the family of src_addr \"10.0.0.1\"");
        assertFails(TCP4.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"yesterday\""),
                "field \"time\": not an RFC 3339 timestamp: \"yesterday\"");
        assertFails(TCP4 + TCP4, "expected one JSON object, found more after it at line 1");
        assertFails("[1,2]", "expected a JSON object for an event, found an array at line 1, column 2");
        assertFails(TCP4.substring(0, 40), "not JSON: Unexpected end-of-input");
        assertFails(Map.of("time", 5), "field \"time\": expected an RFC 3339 timestamp string, found Integer 5");
    }

    private static void assertFails(Object input, String message) {
        assertThatThrownBy(() -> converter.mandatoryConvertTo(ConntrackEvent.class, input))
                .isInstanceOf(TypeConversionException.class)
                .cause().isInstanceOf(MalformedEventException.class)
                .message().startsWith(message);
    }
}
