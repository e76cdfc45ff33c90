package io.conntrackd.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** SLF4J finds our backend, and settings applied at any time reach every logger. */
class DaemonLoggersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void restore() {
        DaemonLoggers.configure(LogSettings.initial());
    }

    @Test
    void slf4jIsBoundToTheDaemonsBackend() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(DaemonLoggers.class);
    }

    @Test
    void settingsReachLoggersCreatedBeforeAndAfter() throws Exception {
        Logger before = LoggerFactory.getLogger("test.before.Configure");
        assertThat(before.isDebugEnabled()).isFalse();

        DaemonLoggers.configure(new LogSettings(LogFormat.JSON, Level.DEBUG.toInt(), Map.of("test.quiet",
                Level.ERROR.toInt())));
        Logger quiet = LoggerFactory.getLogger("test.quiet.Library");
        String err = Stderr.of(() -> {
            before.debug("debug {} of {}", 1, "before");
            quiet.warn("not written");
            LoggerFactory.getLogger("test.after.Configure").atInfo().setMessage("fluent").addKeyValue("n", 7L).log();
        });

        assertThat(before.isDebugEnabled()).isTrue();
        assertThat(quiet.isWarnEnabled()).isFalse();
        String[] lines = err.split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("level").asText()).isEqualTo("DEBUG");
        assertThat(first.get("msg").asText()).isEqualTo("debug 1 of before");
        assertThat(first.get("logger").asText()).isEqualTo("test.before.Configure");
        JsonNode second = JSON.readTree(lines[1]);
        assertThat(second.get("msg").asText()).isEqualTo("fluent");
        assertThat(second.get("n").isIntegralNumber()).isTrue();
    }

    @Test
    void anExceptionGivenAsTheLastArgumentIsTheRecordsError() throws Exception {
        DaemonLoggers.configure(new LogSettings(LogFormat.JSON, Level.INFO.toInt(), Map.of()));
        String err = Stderr.of(() -> LoggerFactory.getLogger("test.Errors").warn("failed: {}", "x",
                new IllegalStateException("why")));

        JsonNode line = JSON.readTree(err);
        assertThat(line.get("msg").asText()).isEqualTo("failed: x");
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: why");
    }
}
