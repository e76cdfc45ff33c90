package io.conntrackd.support;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Component;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.HealthCheckComponent;

/**
 * Gives conntrackd's consumers and endpoints their health checks the way Camel's own components do, so that
 * the application's {@code camel.health.*} settings govern them:
 * <ul>
 *   <li>a consumer's check is handed to the consumer ({@link HealthCheckAware}) when Camel's consumers
 *       repository exists; Camel's {@code consumer:ROUTE} check calls it, and
 *       {@code camel.health.consumers-enabled} turns it off;</li>
 *   <li>an endpoint's check goes into Camel's producers repository, which lists it only with
 *       {@code camel.health.producers-enabled=true} (Camel's default is off).</li>
 * </ul>
 * The component's {@code healthCheckConsumerEnabled} / {@code healthCheckProducerEnabled} options
 * ({@link HealthCheckComponent}) turn off the checks of one component. Without camel-health's registry in the
 * application, nothing is created.
 */
public final class HealthChecks {

    private static final String CONSUMERS = "consumers";
    private static final String PRODUCERS = "producers";

    private HealthChecks() {
    }

    /**
     * Creates a consumer's check and hands it to the consumer; returns it, or {@code null} when the
     * application has no consumers repository or the component's option turned the check off.
     */
    public static <T extends HealthCheck> T forConsumer(HealthCheckAware consumer, CamelContext context,
                                                        Component component, Supplier<T> check) {
        boolean enabled = !(component instanceof HealthCheckComponent c) || c.isHealthCheckConsumerEnabled();
        if (!enabled || HealthCheckHelper.getHealthCheckRepository(context, CONSUMERS, HealthCheckRepository.class) == null) {
            return null;
        }
        T created = created(context, check);
        consumer.setHealthCheck(created);
        return created;
    }

    /**
     * Creates an endpoint's check and adds it to the producers repository; returns it, or {@code null} when the
     * application has no producers repository or the component's option turned the check off.
     */
    public static <T extends HealthCheck> T forProducer(CamelContext context, Component component,
                                                        Supplier<T> check) {
        boolean enabled = !(component instanceof HealthCheckComponent c) || c.isHealthCheckProducerEnabled();
        WritableHealthCheckRepository producers = enabled ? producers(context) : null;
        if (producers == null) {
            return null;
        }
        T created = created(context, check);
        producers.addHealthCheck(created);
        return created;
    }

    /** Takes a check that {@link #forProducer} returned out of the producers repository; {@code null} is ignored. */
    public static void removeProducerCheck(CamelContext context, HealthCheck check) {
        WritableHealthCheckRepository producers = check == null ? null : producers(context);
        if (producers != null) {
            producers.removeHealthCheck(check);
        }
    }

    private static WritableHealthCheckRepository producers(CamelContext context) {
        return HealthCheckHelper.getHealthCheckRepository(context, PRODUCERS, WritableHealthCheckRepository.class);
    }

    private static <T extends HealthCheck> T created(CamelContext context, Supplier<T> check) {
        T created = check.get();
        CamelContextAware.trySetCamelContext(created, context);
        return created;
    }
}
