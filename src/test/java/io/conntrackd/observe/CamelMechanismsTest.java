package io.conntrackd.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.conntrackd.sink.stream.StreamSinkComponent;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * conntrackd's parts use Camel's own mechanisms, so an application's settings govern them: the sinks' health
 * checks are producer checks (off unless camel.health.producers-enabled, and per component with
 * healthCheckProducerEnabled), meters are bound by themselves when a MeterRegistry is in Camel's registry,
 * and JMX shows each sink's queue and counters.
 */
class CamelMechanismsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private List<String> checkIds() {
        return HealthCheckHelper.invoke(camel).stream().map(r -> r.getCheck().getId()).sorted().toList();
    }

    private void producerChecks(boolean enabled) {
        HealthCheckHelper.getHealthCheckRepository(camel, "producers").setEnabled(enabled);
    }

    @Test
    void aSinksCheckIsAProducerCheckListedOnlyWhenProducerChecksAreOn() {
        camel.start();
        camel.getEndpoint("conntrack-stream:discard");

        assertThat(checkIds()).as("Camel's default: producer checks off").doesNotContain("sink:stream");
        producerChecks(true);
        assertThat(checkIds()).contains("sink:stream");
        HealthCheck check = HealthCheckHelper.invoke(camel).stream().map(HealthCheck.Result::getCheck)
                .filter(c -> c.getId().equals("sink:stream")).findFirst().orElseThrow();
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
    }

    @Test
    void theComponentsOptionTurnsItsSinksChecksOff() {
        StreamSinkComponent stream = new StreamSinkComponent();
        stream.setHealthCheckProducerEnabled(false);
        camel.addComponent("conntrack-stream", stream);
        camel.start();
        producerChecks(true);
        camel.getEndpoint("conntrack-stream:discard");

        assertThat(checkIds()).doesNotContain("sink:stream");
    }

    @Test
    void metersAreBoundByThemselvesWhenCamelsRegistryHasAMeterRegistry() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        camel.getRegistry().bind(AutoMeters.REGISTRY_NAME, meters);
        camel.start();

        camel.createProducerTemplate().sendBody("conntrack-stream:discard", List.of(TestEvents.tcp4(), TestEvents.udp6()));

        Await.until("the sink's delivered counter at 2", () -> count(meters, "conntrackd.sink.delivered"),
                n -> n == 2.0, WAIT);
        assertThat(meters.get("conntrackd.sink.queue.capacity.events").tag("sink", "stream").gauge().value())
                .isEqualTo(100000.0);
    }

    @Test
    void withoutAMeterRegistryNothingIsBound() {
        camel.start();
        camel.createProducerTemplate().sendBody("conntrack-stream:discard", TestEvents.tcp4());

        assertThat(camel.getCamelContextExtension().getContextPlugin(ConntrackdMeters.class)).isNull();
    }

    @Test
    void jmxShowsTheSinksQueueAndCounters() throws Exception {
        // JMX is on with camel-management on the classpath; it registers the endpoints of routes
        camel.getCamelContextExtension().setName("jmx-" + ProcessHandle.current().pid());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").to("conntrack-stream:discard");
            }
        });
        camel.start();
        camel.createProducerTemplate().sendBody("direct:events",
                List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()));

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("org.apache.camel:context=" + camel.getName()
                + ",type=endpoints,name=\"conntrack-stream://discard\""), null);
        assertThat(names).hasSize(1);
        ObjectName sink = names.iterator().next();
        Await.until("Delivered at 3 over JMX", () -> (Long) attribute(jmx, sink, "Delivered"), n -> n == 3L, WAIT);
        assertThat(attribute(jmx, sink, "Accepted")).isEqualTo(3L);
        assertThat(attribute(jmx, sink, "Failed")).isEqualTo(0L);
        assertThat(attribute(jmx, sink, "Dropped")).isEqualTo(0L);
        assertThat(attribute(jmx, sink, "Queued")).isEqualTo(0);
        assertThat(attribute(jmx, sink, "QueueSize")).isEqualTo(100000);
    }

    private static Object attribute(MBeanServer jmx, ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("JMX attribute " + attribute + " of " + name + ": " + e, e);
        }
    }

    private static double count(MeterRegistry meters, String name) {
        var counter = meters.find(name).tag("sink", "stream").functionCounter();
        return counter == null ? -1 : counter.count();
    }
}
