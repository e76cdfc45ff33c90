package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.conntrackd.support.EventBodies;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestNamespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The conntrack consumer with Camel's own mechanisms, on real kernel events: its health check is called by
 * Camel's consumers repository ({@code consumer:ROUTE}) and listed as {@code conntrack:ROUTE} for liveness too,
 * and neither is there with {@code camel.health.consumers-enabled=false}; its meters are bound by themselves
 * from the MeterRegistry in Camel's registry; the endpoint's MBean shows the events delivered.
 */
class CamelMechanismsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static CamelContext context(TestNamespace ns, AtomicInteger routed) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("mechanisms-" + ns.name());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("conntrack:events?netns=" + ns.path()).routeId("flows")
                        .process(e -> EventBodies.forEach(e.getMessage(), event -> routed.incrementAndGet()));
            }
        });
        return camel;
    }

    @Test
    void theConsumersCheckMetersAndMBeanComeThroughCamel() throws Exception {
        AtomicInteger routed = new AtomicInteger();
        MeterRegistry meters = new SimpleMeterRegistry();
        try (TestNamespace ns = TestNamespace.create(); CamelContext camel = context(ns, routed)) {
            camel.getRegistry().bind("metricsRegistry", meters);
            camel.start();
            ns.tcpFlows("127.0.0.1", 3);
            Await.until("the route to take the 3 NEW events and more", routed::get, n -> n >= 3, WAIT);

            Map<String, HealthCheck.State> ready = states(camel, HealthCheck.Kind.READINESS);
            assertThat(ready).containsEntry("conntrack:flows", HealthCheck.State.UP)
                    .containsEntry("consumer:flows", HealthCheck.State.UP);
            assertThat(states(camel, HealthCheck.Kind.LIVENESS)).containsEntry("conntrack:flows", HealthCheck.State.UP);

            Await.until("conntrackd.events.received of the route to count what it routed",
                    () -> meters.find("conntrackd.events.received").tag("route", "flows").functionCounters().stream()
                            .mapToDouble(c -> c.count()).sum(), n -> n >= 3 && n == routed.get(), WAIT);

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName endpoint = jmx.queryNames(new ObjectName("org.apache.camel:context=" + camel.getName()
                    + ",type=endpoints,*"), null).stream().filter(n -> n.toString().contains("conntrack://events"))
                    .findFirst().orElseThrow();
            Await.until("the endpoint's Delivered attribute to count what the route took",
                    () -> (Long) attribute(jmx, endpoint, "Delivered"), n -> n == routed.get(), WAIT);
            assertThat(attribute(jmx, endpoint, "QueueDepth")).isEqualTo(0L);
            assertThat(attribute(jmx, endpoint, "Failed")).isEqualTo(0L);
            assertThat(attribute(jmx, endpoint, "Dropped")).isEqualTo(0L);
        }
    }

    @Test
    void withConsumerChecksOffTheConsumerHasNone() throws Exception {
        AtomicInteger routed = new AtomicInteger();
        try (TestNamespace ns = TestNamespace.create(); CamelContext camel = context(ns, routed)) {
            HealthCheckHelper.getHealthCheckRepository(camel, "consumers").setEnabled(false); // camel.health.consumers-enabled=false
            camel.start();
            ns.tcpFlows("127.0.0.1", 1);
            Await.until("the route to take the NEW event", routed::get, n -> n >= 1, WAIT);

            assertThat(states(camel, HealthCheck.Kind.READINESS)).doesNotContainKeys("conntrack:flows", "consumer:flows");
            assertThat(states(camel, HealthCheck.Kind.LIVENESS)).doesNotContainKey("conntrack:flows");
        }
    }

    private static Map<String, HealthCheck.State> states(CamelContext camel, HealthCheck.Kind kind) {
        boolean readiness = kind == HealthCheck.Kind.READINESS;
        return HealthCheckHelper.invoke(camel, c -> Map.of(HealthCheck.CHECK_KIND, kind),
                        c -> readiness ? !c.isReadiness() : !c.isLiveness(), "full").stream()
                .collect(java.util.stream.Collectors.toMap(r -> r.getCheck().getId(), HealthCheck.Result::getState));
    }

    private static Object attribute(MBeanServer jmx, ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("JMX attribute " + attribute + " of " + name + ": " + e, e);
        }
    }
}
