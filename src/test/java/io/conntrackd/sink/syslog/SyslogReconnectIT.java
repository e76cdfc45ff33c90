package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsyslogd goes away in the middle of a run and comes back: the sink reconnects, events sent while it
 * was away wait in the queue (or are dropped beyond it) and every event is accounted for.
 */
class SyslogReconnectIT {

    private static final String APP = "ct-reconnect";
    private static final String BACKOFF = "&reconnectDelay=50&maxReconnectDelay=200";

    @TempDir
    Path dir;
    Rsyslog rsyslog;
    CamelContext camel;
    ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        rsyslog = Rsyslog.start(dir, null);
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        rsyslog.close();
    }

    /** Sends events {@code from} to {@code to - 1}, told apart by their source port, pausing between them. */
    private void send(String uri, int from, int to, long pauseMillis) throws InterruptedException {
        for (int i = from; i < to; i++) {
            ConntrackEvent e = TestEvents.event(EventType.NEW, Protocol.TCP, "10.0.0.1", 10_000 + i, "10.0.0.2", 443);
            template.sendBody(uri, e);
            Thread.sleep(pauseMillis);
        }
    }

    /** The numbers of the events rsyslog received. */
    private Set<Integer> received() throws Exception {
        return rsyslog.messages().stream().filter(Rsyslog.fromApp(APP))
                .map(m -> m.path("parsed").path("event").path("src_port").asInt() - 10_000)
                .collect(Collectors.toSet());
    }

    private List<JsonNode> awaitEvent(int number) throws Exception {
        return rsyslog.await(m -> Rsyslog.fromApp(APP).test(m)
                && m.path("parsed").path("event").path("src_port").asInt() == 10_000 + number, 1, Duration.ofSeconds(20));
    }

    @Test
    void reconnectsOverTcpAfterARestartAndAccountsForEveryEvent() throws Exception {
        // a small queue, so that the outage overflows it
        String uri = "conntrack-syslog:tcp://127.0.0.1:" + rsyslog.tcpPort() + "?appName=" + APP
                + "&queueSize=50&writeBatchSize=10" + BACKOFF;
        SinkStats stats = camel.getEndpoint(uri, SyslogSinkEndpoint.class).getStats();
        send(uri, 0, 40, 0);
        assertThat(awaitEvent(39)).hasSize(1);

        rsyslog.stop();
        send(uri, 40, 240, 2); // while the server is away: the queue fills, the rest is dropped
        long droppedWhileAway = stats.dropped();
        rsyslog.restart();
        awaitAccounted(stats);
        send(uri, 240, 340, 1); // paced, so that none is dropped

        assertThat(awaitEvent(339)).as("the last event arrives after the restart").hasSize(1);
        awaitAccounted(stats);
        Set<Integer> arrived = received();
        assertThat(arrived).as("events sent before the outage").containsAll(range(0, 40));
        assertThat(arrived).as("every event sent after the restart").containsAll(range(240, 340));
        assertThat(droppedWhileAway).as("events beyond the queue while the server was away").isPositive();
        assertThat(stats.accepted()).isEqualTo(340);
        assertThat(stats.delivered() + stats.failed() + stats.dropped()).isEqualTo(340);
        // written into the connection in the moment the server closed it: TCP cannot report those
        long lostUnnoticed = stats.delivered() - arrived.size();
        assertThat(lostUnnoticed).as("delivered but never received").isBetween(0L, 10L);
        assertThat(340 - arrived.size()).as("lost").isEqualTo(stats.failed() + stats.dropped() + lostUnnoticed);
        System.out.printf("reconnect: accepted=%d delivered=%d failed=%d dropped=%d received=%d lost-unnoticed=%d%n",
                stats.accepted(), stats.delivered(), stats.failed(), stats.dropped(), arrived.size(), lostUnnoticed);
    }

    @Test
    void sendsToTheNewSocketOfARestartedDaemonOnAUnixDatagramSocket() throws Exception {
        String uri = "conntrack-syslog:unixgram://" + rsyslog.datagramSocket() + "?appName=" + APP + BACKOFF;
        SinkStats stats = camel.getEndpoint(uri, SyslogSinkEndpoint.class).getStats();
        send(uri, 0, 10, 0);
        assertThat(awaitEvent(9)).hasSize(1);

        rsyslog.stop();
        send(uri, 10, 20, 0); // no socket: these wait in the queue
        Thread.sleep(300);
        rsyslog.restart();
        send(uri, 20, 30, 0);

        assertThat(awaitEvent(29)).hasSize(1);
        assertThat(rsyslog.await(Rsyslog.fromApp(APP), 30, Duration.ofSeconds(10))).hasSize(30);
        assertThat(received()).as("every event: those of the outage waited").isEqualTo(range(0, 30));
        awaitAccounted(stats);
        assertThat(stats.delivered()).isEqualTo(30);
        assertThat(stats.failed() + stats.dropped()).isZero();
    }

    /** Waits until every accepted event has been written, has failed or was dropped. */
    private static void awaitAccounted(SinkStats stats) throws Exception {
        long accounted = Await.until("every accepted event written, failed or dropped",
                () -> stats.delivered() + stats.failed() + stats.dropped(), n -> n >= stats.accepted(),
                Duration.ofSeconds(20));
        assertThat(accounted).as("every accepted event written, failed or dropped").isEqualTo(stats.accepted());
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toSet());
    }
}
