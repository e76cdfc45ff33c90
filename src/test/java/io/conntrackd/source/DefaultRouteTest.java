package io.conntrackd.source;

import static io.conntrackd.geoip.TestDatabases.withAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.conntrackd.app.EventDebugLog;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.GeoIpLocator;
import io.conntrackd.geoip.TestDatabases;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.FilterRuleException;
import io.conntrackd.filter.FilterRules;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The real routes/conntrackd.camel.yaml, fed from a direct endpoint instead of the kernel. */
class DefaultRouteTest extends CamelTestSupport {

    private static final ConntrackEvent SSH = TestEvents.event(EventType.NEW, Protocol.TCP, "10.0.0.1", 40000,
            "10.0.0.2", 22);

    private final FilterProcessor filter = new FilterProcessor(rules("drop destination.port == 22"));

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("conntrackd.sinks", "mock:stream,mock:other");
        return p;
    }

    @Override
    protected void doPostSetup() throws Exception {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getRegistry().bind(EventDebugLog.BEAN, new EventDebugLog());
        context.getRegistry().bind("conntrackdGeoip", new GeoIpEnricher(
                GeoIpLocator.open(TestDatabases.city(), TestDatabases.asn(), 4096), Duration.ZERO));
        context.getRegistry().bind(FilterProcessor.BEAN_NAME, filter);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes/conntrackd.camel.yaml"));
        AdviceWith.adviceWith(context, "conntrackd", a -> a.replaceFromWith("direct:events"));
        context.start();
    }

    /** Sends one batch into the route and returns what each of the two sinks received. */
    private List<List<?>> route(List<ConntrackEvent> batch) throws Exception {
        MockEndpoint stream = getMockEndpoint("mock:stream");
        MockEndpoint other = getMockEndpoint("mock:other");
        stream.expectedMessageCount(1);
        other.expectedMessageCount(1);

        template.sendBody("direct:events", batch);

        MockEndpoint.assertIsSatisfied(context);
        return List.of(stream.getExchanges().get(0).getMessage().getBody(List.class),
                other.getExchanges().get(0).getMessage().getBody(List.class));
    }

    @Test
    void everyEnabledSinkGetsEveryBatch() throws Exception {
        List<ConntrackEvent> batch = List.of(TestEvents.tcp4(), TestEvents.udp6());
        assertThat(route(batch)).containsExactly(batch, batch);
    }

    @Test
    void eventsReachTheSinksWithGeoipLocations() throws Exception {
        List<ConntrackEvent> batch = List.of(
                TestEvents.event(EventType.NEW, Protocol.TCP, "127.0.0.1", 40000, "127.0.0.1", 8080),
                TestEvents.event(EventType.DESTROY, Protocol.UDP, "::1", 5353, "203.0.113.7", 53));
        for (List<?> received : route(batch)) {
            ConntrackEvent v4 = (ConntrackEvent) received.get(0);
            ConntrackEvent v6 = (ConntrackEvent) received.get(1);
            assertThat(v4.sourceLocation()).isEqualTo(withAs(TestDatabases.BERLIN, TestDatabases.LOOPBACK_ASN,
                    TestDatabases.LOOPBACK_AS_ORG));
            assertThat(v4.destinationLocation()).isEqualTo(v4.sourceLocation());
            assertThat(v6.sourceLocation()).isEqualTo(withAs(TestDatabases.TOKYO, TestDatabases.LOOPBACK6_ASN,
                    TestDatabases.LOOPBACK6_AS_ORG));
            assertThat(v6.destinationLocation()).isNull();
        }
    }

    @Test
    void droppedEventsDoNotReachTheSinks() throws Exception {
        MockEndpoint stream = getMockEndpoint("mock:stream");
        MockEndpoint other = getMockEndpoint("mock:other");
        stream.expectedMessageCount(1);
        other.expectedMessageCount(1);

        template.sendBody("direct:events", List.of(SSH, TestEvents.tcp4(), SSH, TestEvents.udp6()));

        MockEndpoint.assertIsSatisfied(context);
        for (MockEndpoint sink : List.of(stream, other)) {
            assertThat(sink.getExchanges().get(0).getMessage().getBody(List.class))
                    .containsExactly(TestEvents.tcp4(), TestEvents.udp6());
        }
        assertThat(filter.dropped()).isEqualTo(2);
    }

    @Test
    void fullyDroppedBatchStopsTheExchangeBeforeTheSinks() throws Exception {
        MockEndpoint stream = getMockEndpoint("mock:stream");
        MockEndpoint other = getMockEndpoint("mock:other");
        // only the sentinel, sent after the dropped ones, reaches the sinks
        stream.expectedMessageCount(1);
        other.expectedMessageCount(1);

        Exchange batch = template.send("direct:events", e -> e.getMessage().setBody(List.of(SSH, SSH)));
        Exchange single = template.send("direct:events", e -> e.getMessage().setBody(SSH));
        template.sendBody("direct:events", List.of(TestEvents.tcp4()));

        MockEndpoint.assertIsSatisfied(context);
        for (MockEndpoint sink : List.of(stream, other)) {
            assertThat(sink.getExchanges().get(0).getMessage().getBody(List.class)).containsExactly(TestEvents.tcp4());
        }
        assertThat(batch.isRouteStop()).isTrue();
        assertThat(batch.getException()).isNull();
        assertThat(single.isRouteStop()).isTrue();
        assertThat(filter.dropped()).isEqualTo(3);
    }

    private static FilterRules rules(String... rules) {
        try {
            return FilterRules.compile(List.of(rules));
        } catch (FilterRuleException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
