package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.function.BooleanSupplier;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.sink.SinkStats;
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

    private static boolean await(BooleanSupplier condition) throws IOException {
        return Await.until(condition::getAsBoolean, done -> done, WAIT);
    }

    @Test
    void everyEventArrivesOnceWithLowCardinalityLabelsAndEveryFieldInLineAndMetadata() throws Exception {
        String uri = uri("batchWait=100");
        List<ConntrackEvent> sent = events(1, 3000);
        for (int i = 0; i < sent.size(); i += 256) {
            template.sendBody(uri, List.copyOf(sent.subList(i, Math.min(sent.size(), i + 256))));
        }
        template.sendBody(uri, events(5000, 1).get(0)); // a single event is a body too

        assertThat(loki.awaitEntries(3001, WAIT)).as("entries stored: %d", loki.entries().size()).isTrue();
        Map<Long, ConntrackEvent> expected = byFlow(sent);
        Set<Long> seen = new HashSet<>();
        for (LokiServer.Entry entry : loki.entries()) {
            long flow = flow(entry);
            assertThat(seen.add(flow)).as("flow %d stored once", flow).isTrue();
            ConntrackEvent event = flow == 5000 ? null : expected.get(flow);
            if (event == null) {
                continue;
            }
            assertThat(entry.line()).isEqualTo(EntryEncoderTest.streamLine(event));
            assertThat(entry.metadata()).isEqualTo(EntryEncoderTest.expectedMetadata(event));
            assertThat(entry.labels()).containsEntry("type", event.type().name())
                    .containsEntry("prot", event.protocol().name());
            assertThat(entry.timestampNanos()).isGreaterThanOrEqualTo(event.receivedNanos());
        }
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

        assertThat(loki.awaitEntries(12, WAIT)).isTrue();
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

        assertThat(loki.awaitEntries(10, WAIT)).isTrue();
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

        assertThat(loki.awaitEntries(3, WAIT)).isTrue();
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
        Thread.sleep(700); // several failed attempts while the port is closed
        assertThat(stats(uri).delivered()).isZero();
        loki.up();

        assertThat(loki.awaitEntries(300, WAIT)).isTrue();
        assertThat(await(() -> stats(uri).delivered() == 300)).isTrue();
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
        SinkStats stats = stats(uri);
        assertThat(await(() -> stats.dropped() > 0 && stats.dropped() + bufferedLines(uri) == 1000)).isTrue();
        loki.up();

        assertThat(await(() -> stats.delivered() + stats.dropped() == 1000)).as(stats.toString()).isTrue();
        assertThat(stats.failed()).isZero();
        assertThat(stats.dropped()).as("40 kB hold well under 1000 entries").isGreaterThan(500);
        assertThat(loki.entries()).hasSize((int) stats.delivered());
        assertThat(loki.entries()).extracting(LokiSinkTest::flow).doesNotHaveDuplicates();
        assertThat(stats.accepted()).isEqualTo(1000);
    }

    private long bufferedLines(String uri) {
        SinkStats s = stats(uri);
        return s.accepted() - s.delivered() - s.failed() - s.dropped();
    }

    @Test
    void aBadRequestIsNotRetriedAndItsEventsCountAsFailed() throws Exception {
        String uri = uri("batchLines=100&batchWait=50&minBackoff=50");
        loki.answer(400, 1);
        template.sendBody(uri, events(1, 100));
        SinkStats stats = stats(uri);
        assertThat(await(() -> stats.failed() == 100)).isTrue();
        template.sendBody(uri, events(101, 100));

        assertThat(await(() -> stats.delivered() == 100)).isTrue();
        Thread.sleep(300); // time for a wrong retry to show
        assertThat(loki.requests()).extracting(LokiServer.Request::status).containsExactly(400, 204);
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

        assertThat(loki.awaitEntries(100, WAIT)).isTrue();
        assertThat(loki.requests()).extracting(LokiServer.Request::status).containsExactly(429, 503, 500, 204);
        assertThat(await(() -> stats(uri).delivered() == 100)).isTrue();
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

        assertThat(await(() -> !loki.requests().isEmpty())).isTrue();
        loki.delay(Duration.ZERO);
        assertThat(await(() -> stats(uri).delivered() == 51)).as("%s %s", stats(uri), loki.requests()).isTrue();
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
        SinkStats stats = stats(uri);
        assertThat(await(() -> bufferedLines(uri) == 10)).isTrue();
        assertThat(loki.entries()).isEmpty();

        context.stop();

        assertThat(loki.entries()).hasSize(10);
        assertThat(stats.delivered()).isEqualTo(10);
    }

    @Test
    void stoppingWhileLokiIsDownEndsInBoundedTimeAndCountsEveryEvent() throws Exception {
        String uri = uri("batchLines=10&batchWait=60000&drainTimeout=500&minBackoff=100&maxRetries=1000");
        loki.down();
        template.sendBody(uri, events(1, 30));
        SinkStats stats = stats(uri);
        assertThat(await(() -> stats.delivered() + stats.failed() + stats.dropped() + bufferedLines(uri) == 30
                && bufferedLines(uri) == 30)).isTrue();

        long start = System.nanoTime();
        context.stop();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMillis).as("drain deadline 500 ms plus Camel's own shutdown").isLessThan(5000);
        assertThat(stats.delivered()).isZero();
        assertThat(stats.failed()).as("the batch whose push was tried").isPositive();
        assertThat(stats.failed() + stats.dropped()).isEqualTo(30);
    }
}
