package io.conntrackd.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.FilterRules;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.GeoIpLocator;
import io.conntrackd.geoip.TestDatabases;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkConfiguration;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side: Prometheus text with conntrackd's meters read from the live counters, Camel's health
 * checks as JSON with 200/503, and the sink checks going DOWN for a failing or saturated sink.
 */
class ObserveServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CamelContext camel = new DefaultCamelContext();
    private ObserveServer server;

    /** A sink whose writer does what the test says. */
    private static final class TestSink extends SinkEndpoint {

        private final SinkWriter writer;

        TestSink(CamelContext camel, String name, SinkWriter writer) {
            super("test-sink:" + name, null, name, new SinkConfiguration());
            this.writer = writer;
            setCamelContext(camel);
        }

        @Override
        protected SinkWriter createWriter() {
            return writer;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = ObserveServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        camel.close();
    }

    private HttpResponse<String> get(String path) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private JsonNode check(HttpResponse<String> response, String name) throws IOException {
        for (JsonNode c : JSON.readTree(response.body()).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + response.body());
    }

    private void send(String uri, List<ConntrackEvent> events) {
        ProducerTemplate template = camel.createProducerTemplate();
        template.sendBody(uri, events);
    }

    @Test
    void healthIsDownWhileStartingThenUp() throws Exception {
        HttpResponse<String> starting = get("/health/ready");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("\"status\" : \"DOWN\"", "starting");

        camel.start();
        camel.getEndpoint("conntrack-stream:discard");
        server.attach(camel);

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(check(ready, "sink:stream").get("status").asText()).isEqualTo("UP");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreThePrometheusTextOfTheLiveCounters() throws Exception {
        camel.getRegistry().bind(FilterProcessor.BEAN_NAME,
                new FilterProcessor(FilterRules.compile(List.of("drop protocol == 'UDP'"))));
        camel.start();
        server.attach(camel);
        camel.getRegistry().lookupByNameAndType(FilterProcessor.BEAN_NAME, FilterProcessor.class)
                .process(exchangeOf(List.of(TestEvents.tcp4(), TestEvents.udp6())));
        send("conntrack-stream:discard", List.of(TestEvents.tcp4(), TestEvents.tcp4(), TestEvents.udp6()));
        Await.until("3 events delivered by sink stream", () -> get("/metrics").body(),
                body -> body.contains("conntrackd_sink_delivered_total{sink=\"stream\"} 3.0"), WAIT);

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains(
                "conntrackd_sink_accepted_total{sink=\"stream\"} 3.0",
                "conntrackd_sink_delivered_total{sink=\"stream\"} 3.0",
                "conntrackd_sink_dropped_total{sink=\"stream\"} 0.0",
                "conntrackd_sink_queue_capacity_events{sink=\"stream\"} 100000.0",
                "conntrackd_filter_dropped_total 1.0",
                "conntrackd_filter_passed_total 1.0",
                "conntrackd_filter_rule_matches_total{action=\"drop\",rule=\"1\"} 1.0",
                "# HELP conntrackd_sink_dropped_total");
    }

    @Test
    void geoIpMetricsCountTheEventsLookedUp() throws Exception {
        GeoIpEnricher geoip = new GeoIpEnricher(GeoIpLocator.open(TestDatabases.city(), null, 16), Duration.ZERO);
        camel.getRegistry().bind("conntrackdGeoip", geoip);
        camel.start();
        server.attach(camel);
        geoip.process(exchangeOf(List.of(TestEvents.tcp4(), TestEvents.udp6())));
        geoip.process(exchangeOf(TestEvents.tcp4()));

        assertThat(get("/metrics").body()).contains("conntrackd_geoip_enriched_total 3.0",
                "conntrackd_geoip_lookups_failed_total 0.0");
        geoip.locator().close();
    }

    @Test
    void sinksOfTheSameKindGetTheirOwnId() throws Exception {
        camel.start();
        server.attach(camel);
        send("conntrack-stream:discard", List.of(TestEvents.tcp4()));
        send("conntrack-stream:discard?queueSize=10", List.of(TestEvents.tcp4(), TestEvents.tcp4()));

        String body = Await.until("2 events delivered by sink stream-2", () -> get("/metrics").body(),
                b -> b.contains("conntrackd_sink_delivered_total{sink=\"stream-2\"} 2.0"), WAIT);
        assertThat(body).contains("conntrackd_sink_delivered_total{sink=\"stream\"} 1.0",
                "conntrackd_sink_delivered_total{sink=\"stream-2\"} 2.0");
        assertThat(get("/health/ready").body()).contains("\"sink:stream\"", "\"sink:stream-2\"");
    }

    @Test
    void aFailingSinkIsNotReadyButTheDaemonIsAlive() throws Exception {
        camel.start();
        TestSink failing = new TestSink(camel, "failing", events -> {
            throw new IOException("connection refused");
        });
        camel.addEndpoint(failing.getEndpointUri(), failing);
        server.attach(camel);
        send(failing.getEndpointUri(), List.of(TestEvents.tcp4()));

        HttpResponse<String> ready = Await.until("readiness DOWN", () -> get("/health/ready"),
                r -> r.statusCode() == 503, WAIT);
        JsonNode sink = check(ready, "sink:failing");
        assertThat(sink.get("status").asText()).isEqualTo("DOWN");
        assertThat(sink.get("message").asText()).contains("writes fail since", "connection refused");
        assertThat(sink.get("details").get("failed").asLong()).isEqualTo(1);
        assertThat(get("/health/live").statusCode()).as("a sink is not a liveness concern").isEqualTo(200);
    }

    @Test
    void aSaturatedQueueMakesTheSinkNotReady() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        camel.start();
        TestSink stuck = new TestSink(camel, "stuck", batch -> {
            release.await(30, TimeUnit.SECONDS);
            batch.settleRemaining(Outcome.DELIVERED, null);
        });
        stuck.getConfiguration().setQueueSize(10);
        camel.addEndpoint(stuck.getEndpointUri(), stuck);
        server.attach(camel);
        try {
            send(stuck.getEndpointUri(), List.of(TestEvents.tcp4()));
            Await.until("the worker to hold the first event", stuck::writingSinceNanos, w -> w.isPresent(), WAIT);
            send(stuck.getEndpointUri(), Collections.nCopies(11, TestEvents.tcp4()));

            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(check(ready, "sink:stuck").get("message").asText())
                    .contains("the queue is full to 100% (10 of 10 events)");
            assertThat(get("/metrics").body()).contains("conntrackd_sink_dropped_total{sink=\"stuck\"} 1.0",
                    "conntrackd_sink_queue_events{sink=\"stuck\"} 10.0");
        } finally {
            release.countDown();
        }
        Await.until("readiness UP again", () -> get("/health/ready").statusCode(), s -> s == 200, WAIT);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        assertThat(get("/health/other").statusCode()).isEqualTo(404);
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private Exchange exchangeOf(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
