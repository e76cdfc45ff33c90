package io.conntrackd.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/** The two line formats, on records with a fixed time (test JVMs run in UTC). */
class LogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2025-11-25T11:35:11.082791653Z. */
    private static final long TIME = 1_764_070_511_082_791_653L;
    private static final String LOGGER = "io.conntrackd.app.ConntrackdMain";

    @Test
    void textIsWhatSlf4jSimpleWroteWithTheDaemonsSettings() {
        // captured from slf4j-simple 2.0.17 with the properties LoggingSetup used to set
        assertThat(TextLine.render(record(Level.INFO, "hello 5 world", List.of(), null)))
                .isEqualTo("2025-11-25T11:35:11.082Z INFO ConntrackdMain - hello 5 world\n");
        assertThat(TextLine.render(new LogRecord(TIME, Level.DEBUG, "Plain", "no dots", List.of(), null)))
                .isEqualTo("2025-11-25T11:35:11.082Z DEBUG Plain - no dots\n");
    }

    @Test
    void textPutsTheStackTraceOfAnExceptionOnTheLinesBelow() {
        IOException boom = new IOException("boom");
        StringWriter trace = new StringWriter();
        boom.printStackTrace(new PrintWriter(trace));

        assertThat(TextLine.render(record(Level.WARN, "with ex", List.of(), boom)))
                .isEqualTo("2025-11-25T11:35:11.082Z WARN ConntrackdMain - with ex\n" + trace)
                .startsWith("2025-11-25T11:35:11.082Z WARN ConntrackdMain - with ex\njava.io.IOException: boom\n\tat ");
    }

    @Test
    void textWritesAttributesAfterTheMessageQuotedWhereNeeded() {
        String line = TextLine.render(record(Level.DEBUG, "Conntrack Event", List.of(kv("type", "NEW"),
                kv("flow", 42L), kv("src_lat", 51.0), kv("src_city", "Frankfurt am Main"), kv("q", "a\"b")), null));

        assertThat(line).isEqualTo("2025-11-25T11:35:11.082Z DEBUG ConntrackdMain - Conntrack Event type=NEW flow=42"
                + " src_lat=51 src_city=\"Frankfurt am Main\" q=\"a\\\"b\"\n");
    }

    @Test
    void jsonIsGoSlogsObjectWithTimeLevelMsgFirst() throws IOException {
        String line = JsonLine.render(record(Level.INFO, "conntrackd started; sinks: conntrack-stream:stdout",
                List.of(), null));

        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode json = JSON.readTree(line);
        assertThat(names(json)).containsExactly("time", "level", "msg", "logger");
        assertThat(json.get("time").asText()).isEqualTo("2025-11-25T11:35:11.082791653Z");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("msg").asText()).isEqualTo("conntrackd started; sinks: conntrack-stream:stdout");
        assertThat(json.get("logger").asText()).isEqualTo(LOGGER);
    }

    @Test
    void jsonKeepsARecordOnOneLineWithItsAttributesTyped() throws IOException {
        IOException boom = new IOException("boom \"quoted\"\nsecond line");
        String line = JsonLine.render(record(Level.ERROR, "tab\there", List.of(kv("flow", 42L), kv("src_lat", 51.0),
                kv("dst_lon", 0.0001), kv("nat", true), kv("src_addr", "10.0.0.1")), boom));

        assertThat(line).hasLineCount(1);
        JsonNode json = JSON.readTree(line);
        assertThat(names(json)).containsExactly("time", "level", "msg", "logger", "flow", "src_lat", "dst_lon", "nat",
                "src_addr", "error", "stack");
        assertThat(line).contains("\"flow\":42,\"src_lat\":51,\"dst_lon\":0.0001,\"nat\":true");
        assertThat(json.get("msg").asText()).isEqualTo("tab\there");
        assertThat(json.get("error").asText()).isEqualTo("java.io.IOException: boom \"quoted\"\nsecond line");
        assertThat(json.get("stack").asText()).startsWith("java.io.IOException: boom").contains("\tat ");
    }

    @Test
    void levelsFollowTheClosestConfiguredName() {
        LogSettings settings = new LogSettings(LogFormat.JSON, Level.DEBUG.toInt(), java.util.Map.of(
                "org.apache", Level.WARN.toInt(), "org.apache.camel.impl.engine.AbstractCamelContext", LogSettings.OFF));

        assertThat(settings.thresholdOf("io.conntrackd.app.ConntrackdMain")).isEqualTo(Level.DEBUG.toInt());
        assertThat(settings.thresholdOf("org.apache.camel.main.Main")).isEqualTo(Level.WARN.toInt());
        assertThat(settings.thresholdOf("org.apache")).isEqualTo(Level.WARN.toInt());
        assertThat(settings.thresholdOf("org.apachex.Other")).isEqualTo(Level.DEBUG.toInt());
        assertThat(settings.thresholdOf("org.apache.camel.impl.engine.AbstractCamelContext"))
                .isEqualTo(LogSettings.OFF);
        assertThat(LogSettings.threshold("off")).isEqualTo(LogSettings.OFF);
        assertThat(LogSettings.threshold("warn")).isEqualTo(Level.WARN.toInt());
    }

    private static LogRecord record(Level level, String message, List<KeyValuePair> attributes, Throwable error) {
        return new LogRecord(TIME, level, LOGGER, message, attributes, error);
    }

    private static KeyValuePair kv(String key, Object value) {
        return new KeyValuePair(key, value);
    }

    private static List<String> names(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
