package io.conntrackd.support;

import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Registers the health checks of conntrackd's consumers and endpoints with Camel's health-check
 * registry, when the application has one (camel-health on the classpath); without it, nothing is
 * created, so the checks' classes are never loaded.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    /** Creates the check and registers it; returns it, or {@code null} when there is no registry. */
    public static <T extends HealthCheck> T register(CamelContext context, Supplier<T> check) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return null;
        }
        T created = check.get();
        CamelContextAware.trySetCamelContext(created, context);
        registry.register(created);
        return created;
    }

    /** Unregisters a check that {@link #register} returned; {@code null} is ignored. */
    public static void unregister(CamelContext context, HealthCheck check) {
        HealthCheckRegistry registry = check == null ? null : HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.unregister(check);
        }
    }
}
