package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsyslogd goes away in the middle of a run and comes back: the sink reconnects, events sent while it
 * was away wait in the queue (or are dropped beyond it) and every event is accounted for.
 */
class SyslogReconnectIT {

    private static final String APP = "ct-reconnect";

    @TempDir
    Path dir;

    /** Event number i, told apart by its source port. */
    private static ConntrackEvent event(int i) {
        return TestEvents.event(EventType.NEW, Protocol.TCP, "10.0.0.1", 10_000 + i, "10.0.0.2", 443);
    }

    private static Set<Integer> ports(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("parsed").path("event").path("src_port").asInt() - 10_000)
                .collect(Collectors.toSet());
    }

    @Test
    void reconnectsAfterARestartAndAccountsForEveryEvent() throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start(dir, null); CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            // a small queue, so that the outage overflows it
            String uri = "conntrack-syslog:tcp://127.0.0.1:" + rsyslog.tcpPort() + "?appName=" + APP
                    + "&queueSize=50&writeBatchSize=10&reconnectDelay=50&maxReconnectDelay=200";
            SinkStats stats = camel.getEndpoint(uri, SyslogSinkEndpoint.class).getStats();

            for (int i = 0; i < 40; i++) {
                template.sendBody(uri, event(i));
            }
            assertThat(rsyslog.await(Rsyslog.fromApp(APP), 40, Duration.ofSeconds(10))).hasSize(40);

            rsyslog.stop();
            for (int i = 100; i < 300; i++) { // while the server is away: the queue fills, the rest is dropped
                template.sendBody(uri, event(i));
                Thread.sleep(2);
            }
            long droppedWhileAway = stats.dropped();
            rsyslog.restart();
            awaitQueueDrained(stats);
            for (int i = 300; i < 400; i++) { // paced, so that none is dropped
                template.sendBody(uri, event(i));
                Thread.sleep(1);
            }

            List<JsonNode> received = rsyslog.await(m -> Rsyslog.fromApp(APP).test(m)
                    && m.path("parsed").path("event").path("src_port").asInt() >= 10_399, 1, Duration.ofSeconds(20));
            assertThat(received).as("the last event arrives after the restart").hasSize(1);
            Set<Integer> arrived = ports(rsyslog.messages().stream().filter(Rsyslog.fromApp(APP)).toList());

            assertThat(droppedWhileAway).as("events beyond the queue while the server was away").isPositive();
            assertThat(arrived).as("every event sent after the restart").containsAll(range(300, 400));
            assertThat(arrived).as("events sent before the outage").containsAll(range(0, 40));
            int sent = 40 + 200 + 100;
            awaitQueueDrained(stats);
            assertThat(stats.accepted()).isEqualTo(sent);
            assertThat(stats.delivered() + stats.failed() + stats.dropped()).isEqualTo(sent);
            long lost = sent - arrived.size();
            // written into the connection that the stopped server had closed: TCP cannot report those
            long lostUnnoticed = stats.delivered() - arrived.size();
            assertThat(lost).isEqualTo(stats.failed() + stats.dropped() + lostUnnoticed);
            assertThat(lostUnnoticed).as("delivered but never received").isBetween(0L, 10L);
            System.out.printf("reconnect: accepted=%d delivered=%d failed=%d dropped=%d received=%d"
                    + " lost-unnoticed=%d%n", stats.accepted(), stats.delivered(), stats.failed(), stats.dropped(),
                    arrived.size(), lostUnnoticed);
        }
    }

    @Test
    void sendsToTheNewSocketOfARestartedDaemonOnAUnixDatagramSocket() throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start(dir, null); CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            String uri = "conntrack-syslog:unixgram://" + rsyslog.datagramSocket() + "?appName=" + APP
                    + "&reconnectDelay=50&maxReconnectDelay=200";
            SinkStats stats = camel.getEndpoint(uri, SyslogSinkEndpoint.class).getStats();
            for (int i = 0; i < 10; i++) {
                template.sendBody(uri, event(i));
            }
            assertThat(rsyslog.await(Rsyslog.fromApp(APP), 10, Duration.ofSeconds(10))).hasSize(10);

            rsyslog.stop();
            for (int i = 10; i < 20; i++) { // no socket: these wait in the queue
                template.sendBody(uri, event(i));
            }
            Thread.sleep(300);
            rsyslog.restart();
            for (int i = 20; i < 30; i++) {
                template.sendBody(uri, event(i));
            }

            List<JsonNode> all = rsyslog.await(Rsyslog.fromApp(APP), 30, Duration.ofSeconds(20));
            assertThat(ports(all)).as("every event: those of the outage waited").isEqualTo(range(0, 30));
            awaitQueueDrained(stats);
            assertThat(stats.delivered()).isEqualTo(30);
            assertThat(stats.failed() + stats.dropped()).isZero();
        }
    }

    /** Waits until every accepted event has been written, has failed or was dropped. */
    private static void awaitQueueDrained(SinkStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (stats.delivered() + stats.failed() + stats.dropped() < stats.accepted()) {
            assertThat(System.nanoTime() - deadline).as("queue drained in time").isNegative();
            Thread.sleep(20);
        }
    }

    private static Set<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().collect(Collectors.toSet());
    }
}
