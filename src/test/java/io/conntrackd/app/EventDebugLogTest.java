package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.app.log.DaemonLoggers;
import io.conntrackd.testing.Stderr;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The default route's event-log step: each event as a debug line, with its fields as attributes. */
class EventDebugLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void restore() {
        LoggingSetup.apply("info", "text");
    }

    @Test
    void atDebugEachEventIsALineWithItsFields() throws Exception {
        LoggingSetup.apply("debug", "json");
        String err = Stderr.of(() -> process(List.of(TestEvents.tcp4(), TestEvents.udp6())));

        List<String> lines = err.lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode tcp = JSON.readTree(lines.get(0));
        assertThat(tcp.get("level").asText()).isEqualTo("DEBUG");
        assertThat(tcp.get("msg").asText()).isEqualTo("Conntrack Event");
        assertThat(tcp.get("type").asText()).isEqualTo("NEW");
        assertThat(tcp.get("flow").asLong()).isEqualTo(4_000_057_915L);
        assertThat(tcp.get("src_addr").asText()).isEqualTo("10.0.0.1");
        assertThat(tcp.get("dst_port").isIntegralNumber()).isTrue();
        assertThat(tcp.get("tcp_state").asText()).isEqualTo("SYN_SENT");
        assertThat(JSON.readTree(lines.get(1)).get("prot").asText()).isEqualTo("UDP");
    }

    @Test
    void aboveDebugNothingIsLogged() {
        LoggingSetup.apply("info", "json");
        assertThat(Stderr.of(() -> process(TestEvents.tcp4()))).isEmpty();
    }

    @Test
    void theSettingsOfTheFlagsReachTheBackend() {
        LoggingSetup.apply("warn", "text");
        String err = Stderr.of(() -> LoggerFactory.getLogger("io.conntrackd.Anything").warn("careful"));
        assertThat(err).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN Anything - careful\n");
        assertThat(LoggerFactory.getLogger("org.apache.camel.main.Main").isWarnEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext")
                .isErrorEnabled()).isFalse();
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(DaemonLoggers.class);
    }

    private static void process(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext()); // never started: nothing to close
        exchange.getMessage().setBody(body);
        try {
            new EventDebugLog().process(exchange);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
