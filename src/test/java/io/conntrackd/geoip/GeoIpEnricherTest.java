package io.conntrackd.geoip;

import static io.conntrackd.geoip.TestDatabases.BERLIN;
import static io.conntrackd.geoip.TestDatabases.HAMBURG;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK6_ASN;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK6_AS_ORG;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK_ASN;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK_AS_ORG;
import static io.conntrackd.geoip.TestDatabases.SYDNEY;
import static io.conntrackd.geoip.TestDatabases.TOKYO;
import static io.conntrackd.geoip.TestDatabases.withAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enricher in a Camel route: single events, batches, and a database replaced while events flow. */
class GeoIpEnricherTest extends CamelTestSupport {

    @TempDir
    Path dir;

    private Path database;
    private GeoIpLocator locator;

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        database = Files.copy(TestDatabases.city(), dir.resolve("GeoLite2-City.mmdb"));
        locator = GeoIpLocator.open(database, TestDatabases.asn(), 4096);
        GeoIpEnricher enricher = new GeoIpEnricher(locator, Duration.ofMillis(20));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").process(enricher).to("mock:out");
            }
        };
    }

    private static ConntrackEvent tcp(String src, String dst) {
        return TestEvents.event(EventType.NEW, Protocol.TCP, src, 40000, dst, 443);
    }

    private static ConntrackEvent body(Exchange exchange) {
        return exchange.getMessage().getBody(ConntrackEvent.class);
    }

    @Test
    void aSingleEventGetsBothLocations() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        template.sendBody("direct:events", tcp("127.0.0.1", "192.0.2.80"));
        out.assertIsSatisfied();
        ConntrackEvent e = body(out.getExchanges().get(0));
        assertThat(e.sourceLocation()).isEqualTo(withAs(BERLIN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
        assertThat(e.destinationLocation()).isEqualTo(withAs(SYDNEY, 64498, "Example Transit"));
    }

    @Test
    void everyEventOfABatchIsEnrichedAndUnknownSidesStayEmpty() throws Exception {
        List<ConntrackEvent> batch = List.of(tcp("::1", "::1"), tcp("203.0.113.5", "127.0.0.1"),
                tcp("10.1.1.1", "203.0.113.9"));
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        template.sendBody("direct:events", batch);
        out.assertIsSatisfied();
        List<?> enriched = out.getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(enriched).hasSize(3);
        ConntrackEvent v6 = (ConntrackEvent) enriched.get(0);
        assertThat(v6.sourceLocation()).isEqualTo(withAs(TOKYO, LOOPBACK6_ASN, LOOPBACK6_AS_ORG));
        assertThat(v6.destinationLocation()).isEqualTo(v6.sourceLocation());
        ConntrackEvent half = (ConntrackEvent) enriched.get(1);
        assertThat(half.sourceLocation()).isNull();
        assertThat(half.destinationLocation()).isEqualTo(withAs(BERLIN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
        ConntrackEvent unknown = (ConntrackEvent) enriched.get(2);
        assertThat(unknown).isEqualTo(batch.get(2));
        assertThat(unknown.sourceLocation()).isNull();
        assertThat(unknown.destinationLocation()).isNull();
    }

    @Test
    void aDatabaseReplacedWhileEventsFlowIsPickedUpWithoutLosingAnEvent() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        List<ConntrackEvent> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            batch.add(tcp("127.0.0." + (i + 1), "::1"));
        }
        int sent = 0;
        boolean replaced = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!lastSourceIs(out, HAMBURG) && System.nanoTime() < deadline) {
            template.sendBody("direct:events", batch);
            sent++;
            if (sent == 50) {
                GeoIpReloadTest.replace(database, TestDatabases.cityV2());
                replaced = true;
            }
        }
        assertThat(replaced).isTrue();
        assertThat(lastSourceIs(out, HAMBURG)).as("the new database is in use").isTrue();
        assertThat(out.getReceivedCounter()).as("every batch arrived").isEqualTo(sent);
        for (Exchange exchange : out.getExchanges()) {
            for (Object o : exchange.getMessage().getBody(List.class)) {
                ConntrackEvent e = (ConntrackEvent) o;
                assertThat(e.sourceLocation().city()).isIn("Berlin", "Hamburg");
                assertThat(e.destinationLocation().city()).isEqualTo("Tokyo");
            }
        }
        assertThat(locator.failedLookups()).isZero();
    }

    private static boolean lastSourceIs(MockEndpoint out, Location place) {
        List<Exchange> received = out.getExchanges();
        if (received.isEmpty()) {
            return false;
        }
        List<?> events = received.get(received.size() - 1).getMessage().getBody(List.class);
        Location source = ((ConntrackEvent) events.get(0)).sourceLocation();
        return source != null && source.city().equals(place.city());
    }

    @Test
    void shuttingTheContextDownClosesTheDatabases() {
        context.stop();
        assertThat(locator.locate(IpAddress.parse("127.0.0.1"))).isNull();
        assertThat(locator.failedLookups()).isEqualTo(1);
    }
}
