package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.loki.LokiPushStats.Outcome;
import io.conntrackd.support.Hostname;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code conntrack-loki:} endpoint fed through Camel, pushing to the in-process Loki; every
 * assertion is on what the server stored and answered.
 */
class LokiSinkTest extends CamelTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private LokiServer loki;

    @BeforeEach
    void startLoki() throws Exception {
        loki = LokiServer.start();
    }

    @AfterEach
    void stopLoki() {
        loki.close();
    }

    private String uri(String options) {
        return "conntrack-loki:" + loki.address() + "?" + options;
    }

    private SinkStats stats(String uri) {
        return context.getEndpoint(uri, LokiEndpoint.class).getStats();
    }

    /**
     * {@code count} events of every type and protocol, now, with unique flow ids; some share a
     * nanosecond, some have GeoIP data, some NAT.
     */
    static List<ConntrackEvent> events(int firstFlow, int count) {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<ConntrackEvent> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventType type = EventType.values()[i % 3];
            Protocol protocol = Protocol.values()[(i / 3) % 2];
            ConntrackEvent.Builder b = TestEvents.builder(type, protocol,
                            TestEvents.tuple("10.0.0." + (1 + i % 200), 30000 + i % 30000, "2a01:4f8::2", 443))
                    .flowId(firstFlow + i)
                    .receivedNanos(now + i / 2);
            if (protocol == Protocol.TCP) {
                b.tcpState(TcpState.ESTABLISHED);
            }
            if (i % 7 == 0) {
                b.reply(TestEvents.tuple("2a01:4f8::2", 443, "203.0.113.9", 61000));
            }
            ConntrackEvent e = b.build();
            if (i % 5 == 0) {
                e = e.withLocations(new Location("Berlin", "Germany", "DE", 52.52, 13.405, 3320, "DTAG"),
                        new Location(null, "Germany", "DE", 51.2993, 9.491, 0, null));
            }
            list.add(e);
        }
        return list;
    }

    private static Map<Long, ConntrackEvent> byFlow(List<ConntrackEvent> events) {
        Map<Long, ConntrackEvent> map = new HashMap<>();
        events.forEach(e -> map.put(e.flowId(), e));
        return map;
    }

    private static long flow(LokiServer.Entry entry) {
        return Long.parseLong(entry.metadata().get("flow"));
    }

    /** Waits until the endpoint's stats satisfy {@code done}; fails showing them. */
    private SinkStats awaitStats(String uri, String what, Predicate<SinkStats> done) throws IOException {
        return Await.until(what, () -> stats(uri), done, WAIT);
    }

    @Test
    void everyEventArrivesOnceWithLowCardinalityLabelsAndEveryFieldInLineAndMetadata() throws Exception {
        String uri = uri("batchWait=100");
        List<ConntrackEvent> sent = events(1, 3000);
        for (int i = 0; i < sent.size(); i += 256) {
            template.sendBody(uri, List.copyOf(sent.subList(i, Math.min(sent.size(), i + 256))));
        }
        ConntrackEvent single = TestEvents.tcp4(); // flow 4000057915
        template.sendBody(uri, single); // a single event is a body too

        loki.awaitEntries(3001, WAIT);
        Map<Long, ConntrackEvent> expected = byFlow(sent);
        expected.put(single.flowId(), single);
        Set<Long> seen = new HashSet<>();
        for (LokiServer.Entry entry : loki.entries()) {
            long flow = flow(entry);
            assertThat(seen.add(flow)).as("flow %d stored once", flow).isTrue();
            ConntrackEvent event = expected.get(flow);
            assertThat(event).as("flow %d sent", flow).isNotNull();
            assertThat(entry.metadata()).as("the line's fields but the labels").isEqualTo(
                    EntryEncoderTest.metadataOf(entry.line()));
            assertThat(entry.labels()).containsEntry("type", event.type().name())
                    .containsEntry("prot", event.protocol().name());
            assertThat(entry.timestampNanos()).isGreaterThanOrEqualTo(event.receivedNanos());
        }
        assertThat(loki.entries()).filteredOn(e -> flow(e) == single.flowId()).singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(EntryEncoderTest.TCP4_LINE));
        assertThat(seen).hasSize(3001);
        assertThat(loki.duplicates()).isZero();
        assertThat(loki.streams()).hasSize(6).allSatisfy(labels -> assertThat(labels)
                .containsOnlyKeys("service_name", "host", "type", "prot")
                .containsEntry("service_name", "conntrackd")
                .containsEntry("host", Hostname.local()));
        List<LokiServer.Request> requests = loki.requests();
        assertThat(requests).extracting(LokiServer.Request::status).containsOnly(204);
        assertThat(requests.size()).isGreaterThanOrEqualTo(3);
        assertThat(requests).extracting(LokiServer.Request::remotePort).as("one kept-alive connection")
                .containsOnly(requests.get(0).remotePort());
        assertThat(requests).extracting(LokiServer.Request::contentType).allSatisfy(t ->
                assertThat(t).startsWith("application/json"));
        assertThat(stats(uri).delivered()).isEqualTo(3001);
    }

    @Test
    void userLabelsJoinTheStreamLabelsAndMetadataCanBeSwitchedOff() throws Exception {
        String uri = uri("labels=env%3Dlab,host%3Dmyhost&structuredMetadata=false&batchWait=50");
        template.sendBody(uri, events(1, 12));

        loki.awaitEntries(12, WAIT);
        assertThat(loki.streams()).hasSize(6).allSatisfy(labels -> assertThat(labels)
                .containsOnlyKeys("service_name", "host", "env", "type", "prot")
                .containsEntry("host", "myhost").containsEntry("env", "lab"));
        assertThat(loki.entries()).allSatisfy(e -> {
            assertThat(e.metadata()).isEmpty();
            assertThat(e.line()).contains("\"flow\":");
        });
    }

    @Test
    void sendsGzipTenantAndTokenWithoutPuttingTheTokenInTheUri() throws Exception {
        LokiComponent component = new LokiComponent();
        component.setToken("s3cret-token");
        context.addComponent("loki-with-token", component);
        String uri = "loki-with-token:" + loki.address() + "?gzip=true&tenant=team-a&batchWait=50";
        template.sendBody(uri, events(1, 10));

        loki.awaitEntries(10, WAIT);
        assertThat(loki.requests()).allSatisfy(r -> {
            assertThat(r.contentEncoding()).isEqualTo("gzip");
            assertThat(r.tenant()).isEqualTo("team-a");
            assertThat(r.authorization()).isEqualTo("Bearer s3cret-token");
        });
        assertThat(context.getEndpoints()).allSatisfy(e -> assertThat(e.getEndpointUri()).doesNotContain("s3cret"));
    }

    @Test
    void sendsBasicAuthentication() throws Exception {
        LokiComponent component = new LokiComponent();
        component.setPassword("pa:ss");
        context.addComponent("loki-basic", component);
        template.sendBody("loki-basic:" + loki.address() + "?username=alice&batchWait=50", events(1, 3));

        loki.awaitEntries(3, WAIT);
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(loki.requests()).extracting(LokiServer.Request::authorization).containsOnly(expected);
    }

    @Test
    void refusesBadOptionsWhenTheEndpointIsCreated() {
        LokiComponent component = new LokiComponent();
        component.setToken("s3cret-token");
        context.addComponent("loki-conflict", component);
        assertThatThrownBy(() -> context.getEndpoint("loki-conflict:" + loki.address() + "?username=bob"))
                .hasRootCauseMessage("give either username (basic authentication) or token, not both")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> context.getEndpoint("conntrack-loki:ftp://x")).hasMessageContaining("http://");
        assertThatThrownBy(() -> context.getEndpoint(uri("labels=oops"))).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> context.getEndpoint(uri("bufferBytes=10"))).hasMessageContaining("bufferBytes");
    }

    @Test
    void anOutageIsRetriedUntilLokiIsBackAndNothingIsLost() throws Exception {
        String uri = uri("batchLines=100&batchWait=50&minBackoff=50&maxBackoff=200&maxRetries=1000");
        loki.down();
        List<ConntrackEvent> sent = events(1, 300);
        template.sendBody(uri, sent);
        LokiPushStats pushes = context.getEndpoint(uri, LokiEndpoint.class).getPushStats();
        Await.until("several failed pushes while the port is closed", () -> pushes.pushes(Outcome.RETRYABLE),
                n -> n >= 3, WAIT);
        assertThat(stats(uri).delivered()).isZero();
        loki.up();

        loki.awaitEntries(300, WAIT);
        awaitStats(uri, "300 events delivered", s -> s.delivered() == 300);
        assertThat(loki.entries()).extracting(LokiSinkTest::flow).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(byFlow(sent).keySet());
        assertThat(stats(uri).failed()).isZero();
        assertThat(stats(uri).dropped()).isZero();
    }

    @Test
    void duringAnOutageEventsBeyondTheBufferAreDroppedAndCounted() throws Exception {
        String uri = uri("batchLines=50&batchBytes=20000&bufferBytes=40000&batchWait=50&minBackoff=50"
                + "&maxBackoff=100&maxRetries=1000");
        loki.down();
        template.sendBody(uri, events(1, 1000));
        SinkStats stats = awaitStats(uri, "every event dropped or buffered",
                s -> s.dropped() > 0 && s.dropped() + bufferedLines(s) == 1000);
        loki.up();

        awaitStats(uri, "every event delivered or dropped", s -> s.delivered() + s.dropped() == 1000);
        assertThat(stats.failed()).isZero();
        assertThat(stats.dropped()).as("40 kB hold well under 1000 entries").isGreaterThan(500);
        assertThat(loki.entries()).hasSize((int) stats.delivered());
        assertThat(loki.entries()).extracting(LokiSinkTest::flow).doesNotHaveDuplicates();
        assertThat(stats.accepted()).isEqualTo(1000);
    }

    private static long bufferedLines(SinkStats s) {
        return s.accepted() - s.delivered() - s.failed() - s.dropped();
    }

    @Test
    void aBadRequestIsNotRetriedAndItsEventsCountAsFailed() throws Exception {
        String uri = uri("batchLines=100&batchWait=50&minBackoff=50");
        loki.answer(400, 1);
        template.sendBody(uri, events(1, 100));
        SinkStats stats = awaitStats(uri, "100 events failed", s -> s.failed() == 100);
        template.sendBody(uri, events(101, 100));
        awaitStats(uri, "100 events delivered", s -> s.delivered() == 100);
        // the oldest batch is pushed first: a wrong retry of the refused one would come before this sentinel's
        template.sendBody(uri, events(201, 100));
        awaitStats(uri, "the sentinel batch delivered", s -> s.delivered() == 200);

        assertThat(loki.requests()).extracting(LokiServer.Request::status).containsExactly(400, 204, 204);
        assertThat(loki.entries()).extracting(LokiSinkTest::flow).allSatisfy(f -> assertThat(f).isGreaterThan(100));
        assertThat(stats.failed()).isEqualTo(100);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() throws Exception {
        String uri = uri("batchLines=100&batchWait=50&minBackoff=50");
        loki.answer(429, 1);
        loki.answer(503, 1);
        loki.answer(500, 1);
        template.sendBody(uri, events(1, 100));

        loki.awaitEntries(100, WAIT);
        assertThat(loki.requests()).extracting(LokiServer.Request::status).containsExactly(429, 503, 500, 204);
        awaitStats(uri, "100 events delivered", s -> s.delivered() == 100);
        assertThat(stats(uri).failed()).isZero();
    }

    @Test
    void aSlowLokiNeverHoldsUpTheRouteAndTimedOutPushesAreRetriedWithTheSameTimestamps() throws Exception {
        String uri = uri("batchLines=50&batchWait=50&timeout=300&minBackoff=50&maxBackoff=100&maxRetries=1000");
        loki.delay(Duration.ofMillis(800));
        List<ConntrackEvent> sent = events(1, 50);
        template.sendBody(uri, sent);
        template.sendBody(uri, events(1000, 1)); // the route goes on while the push hangs
        assertThat(stats(uri).accepted()).isEqualTo(51);

        Await.until("a push", loki::requests, r -> !r.isEmpty(), WAIT);
        loki.delay(Duration.ZERO);
        awaitStats(uri, "51 events delivered", s -> s.delivered() == 51);
        // Loki stored the first, timed-out push; the retries repeat its entries with the same timestamps,
        // which Loki ignores as duplicates or refuses as out of order: stored once, counted delivered
        assertThat(loki.requests()).extracting(LokiServer.Request::status).contains(400);
        assertThat(loki.entries()).hasSize(51);
        assertThat(loki.entries()).extracting(LokiSinkTest::flow).doesNotHaveDuplicates();
        assertThat(loki.duplicates()).isPositive();
    }

    @Test
    void stoppingPushesWhatIsStillBatched() throws Exception {
        String uri = uri("batchWait=60000");
        template.sendBody(uri, events(1, 10));
        SinkStats stats = awaitStats(uri, "10 events buffered", s -> bufferedLines(s) == 10);
        assertThat(loki.entries()).isEmpty();

        context.stop();

        assertThat(loki.entries()).hasSize(10);
        assertThat(stats.delivered()).isEqualTo(10);
    }

    @Test
    void stoppingWhileLokiIsDownEndsAndCountsEveryEvent() throws Exception {
        String uri = uri("batchLines=10&batchWait=60000&drainTimeout=500&minBackoff=100&maxRetries=1000");
        loki.down();
        template.sendBody(uri, events(1, 30));
        SinkStats stats = awaitStats(uri, "30 events buffered", s -> bufferedLines(s) == 30);

        // a thousand retries would take minutes: the drain deadline ends them
        assertTimeoutPreemptively(WAIT, () -> context.stop());

        assertThat(stats.delivered()).isZero();
        assertThat(stats.failed()).as("the batch whose push was tried").isPositive();
        assertThat(stats.failed() + stats.dropped()).isEqualTo(30);
    }
}
