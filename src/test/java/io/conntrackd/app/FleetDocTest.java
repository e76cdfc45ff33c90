package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.json.EventJsonWriter;
import io.conntrackd.testing.DocBlocks;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Every route of docs/fleet.md loads, with the properties and beans the daemon gives routes, and its
 * endpoints (kafka:, conntrack:, the sinks) resolve with the components the daemon's jar ships. The
 * routes are created, not started: no broker and no netlink socket are needed. The collector route's
 * steps also run on record values of both kinds (one event, and a grouped record of several), fed from a
 * direct: endpoint instead of Kafka. CollectorIT runs the collector route for real.
 */
class FleetDocTest {

    static final Path DOC = Path.of("docs/fleet.md");

    @Test
    void everyRouteOfTheFleetDocLoads() throws Exception {
        List<String> routes = DocBlocks.routes(DOC);
        assertThat(routes).hasSize(2);
        try (CamelContext context = contextWith(routes, "conntrack-stream:stdout")) {
            context.setAutoStartup(false);
            context.start();
            assertThat(context.getRoutes()).extracting(r -> r.getRouteId())
                    .containsExactlyInAnyOrder("conntrackd-collector", "new-tcp-flows-to-kafka");
            assertThat(context.getRoute("conntrackd-collector").getEndpoint().getEndpointUri())
                    .startsWith("kafka://conntrack");
        }
    }

    @Test
    void theCollectorTurnsARecordOfOneEventAndAGroupedRecordIntoTheirEvents() throws Exception {
        List<String> collector = DocBlocks.routes(DOC).stream().filter(r -> r.contains("conntrackd-collector")).toList();
        try (CamelContext context = contextWith(collector, "mock:sinks")) {
            AdviceWith.adviceWith(context, "conntrackd-collector", a -> a.replaceFromWith("direct:records"));
            context.start();
            MockEndpoint sinks = context.getEndpoint("mock:sinks", MockEndpoint.class);
            sinks.expectedMessageCount(2);
            List<ConntrackEvent> events = List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4FromNamespace());
            byte[] grouped = EventJsonWriter.toBytes(events); // a grouped record's value
            ProducerTemplate kafka = context.createProducerTemplate();
            kafka.sendBody("direct:records", EventJsonWriter.toBytes(TestEvents.udp6()));
            kafka.sendBody("direct:records", grouped);

            sinks.assertIsSatisfied();
            List<Exchange> received = sinks.getReceivedExchanges();
            assertThat(received.get(0).getMessage().getBody()).isEqualTo(TestEvents.udp6());
            assertThat(received.get(1).getMessage().getBody()).as("a batch of its events, in the record's order")
                    .isEqualTo(events);
        }
    }

    /** A context with the daemon's properties, pass-through filter and GeoIP beans, and {@code routes} loaded. */
    private static CamelContext contextWith(List<String> routes, String sinks) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("conntrackd.sink.kafka.topic", "conntrack");
        p.setProperty("conntrackd.sink.kafka.brokers", "localhost:9092");
        p.setProperty("conntrackd.sinks", sinks);
        context.getPropertiesComponent().setInitialProperties(p);
        Processor nothing = exchange -> { };
        context.getRegistry().bind("conntrackdFilter", nothing);
        context.getRegistry().bind(GeoIpSetup.BEAN, nothing);
        for (int i = 0; i < routes.size(); i++) {
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.fromString("fleet-" + i + ".camel.yaml", routes.get(i)));
        }
        return context;
    }
}
