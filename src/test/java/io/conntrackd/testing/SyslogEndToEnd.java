package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.TestNamespace.Flow;

/**
 * Real kernel events through the packaged daemon ({@code conntrackd run --sink.syslog.*}) to a real
 * syslog server: a fresh namespace, TCP and UDP flows over IPv4 and IPv6 on its loopback, flushed so
 * that every flow ends; what the kernel emitted ({@code conntrack -E}) against what the server parsed.
 */
public final class SyslogEndToEnd {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * What a run produced.
     *
     * @param received the daemon's messages as the server wrote them, in the order it received them
     * @param pid      the daemon's process id
     */
    public record Run(List<KernelEvent> kernel, List<JsonNode> received, String pid) {
    }

    private SyslogEndToEnd() {
    }

    /**
     * Runs the daemon with {@code daemonArgs} against {@code server} and checks that the server
     * received every kernel event, in kernel order per flow, each with a consistent JSON payload, and
     * that the daemon stopped cleanly.
     *
     * @param fromDaemon which of the server's messages are the daemon's
     * @param payload    where a message holds the parsed JSON payload ({@code {"event":{...},"level":...}})
     */
    public static Run run(Path dir, SyslogServer server, Predicate<JsonNode> fromDaemon,
                          Function<JsonNode, JsonNode> payload, String... daemonArgs) throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, daemonArgs)) {
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<JsonNode> received = server.await(fromDaemon, kernel.size(), WAIT);

                assertThat(kernel).hasSizeGreaterThanOrEqualTo(flows.size() * 2);
                Function<JsonNode, JsonNode> event = m -> payload.apply(m).path("event");
                assertThat(EventKeys.byFlow(received, m -> event.apply(m).path("flow").asLong(),
                        m -> EventKeys.of(event.apply(m)))).as("every kernel event, in kernel order per flow")
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                received.forEach(m -> assertPayload(payload.apply(m)));
                String pid = Long.toString(daemon.process().pid());
                assertThat(daemon.terminate(Duration.ofSeconds(3))).as("exit code after SIGTERM").isZero();
                assertThat(daemon.stderr()).doesNotContain("WARN", "ERROR", "Exception");
                return new Run(kernel, received, pid);
            } finally {
                monitor.stop();
            }
        }
    }

    /** The payload's level, timestamp, and a message that agrees with its event fields. */
    private static void assertPayload(JsonNode payload) {
        JsonNode e = payload.path("event");
        assertThat(payload.path("level").asText()).isEqualTo("INFO");
        assertThat(payload.path("timestamp").asText()).isNotBlank();
        assertThat(payload.path("message").asText()).isEqualTo(e.path("type").asText() + " "
                + e.path("prot").asText() + " connection from " + endpoint(e, "src") + " to " + endpoint(e, "dst"));
    }

    private static String endpoint(JsonNode event, String side) {
        String address = event.path(side + "_addr").asText();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + event.path(side + "_port").asInt();
    }
}
