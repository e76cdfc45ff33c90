package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.conntrackd.testing.DocBlocks;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Every route of docs/fleet.md loads, with the properties and beans the daemon gives routes, and its
 * endpoints (kafka:, conntrack:, the sinks) resolve with the components the daemon's jar ships. The
 * routes are created, not started: no broker and no netlink socket are needed. CollectorIT runs the
 * collector route for real.
 */
class FleetDocTest {

    static final Path DOC = Path.of("docs/fleet.md");

    @Test
    void everyRouteOfTheFleetDocLoads() throws Exception {
        List<String> routes = DocBlocks.routes(DOC);
        assertThat(routes).hasSize(2);
        try (CamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("conntrackd.sink.kafka.topic", "conntrack");
            p.setProperty("conntrackd.sink.kafka.brokers", "localhost:9092");
            p.setProperty("conntrackd.sinks", "conntrack-stream:stdout");
            context.getPropertiesComponent().setInitialProperties(p);
            Processor nothing = exchange -> { };
            context.getRegistry().bind("conntrackdFilter", nothing);
            context.getRegistry().bind(GeoIpSetup.BEAN, nothing);
            for (int i = 0; i < routes.size(); i++) {
                PluginHelper.getRoutesLoader(context)
                        .loadRoutes(ResourceHelper.fromString("fleet-" + i + ".camel.yaml", routes.get(i)));
            }
            context.setAutoStartup(false);
            context.start();
            assertThat(context.getRoutes()).extracting(r -> r.getRouteId())
                    .containsExactlyInAnyOrder("conntrackd-collector", "new-tcp-flows-to-kafka");
            assertThat(context.getRoute("conntrackd-collector").getEndpoint().getEndpointUri())
                    .startsWith("kafka://conntrack");
        }
    }
}
