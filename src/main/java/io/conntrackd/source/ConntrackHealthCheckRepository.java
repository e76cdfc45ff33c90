package io.conntrackd.source;

import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;

/**
 * The checks of the conntrack consumers under their own ids, {@code conntrack:ROUTE}, for liveness as well as
 * readiness: Camel's consumers repository calls them only inside its readiness check {@code consumer:ROUTE}.
 * It lists them only while that repository is enabled ({@code camel.health.consumers-enabled}), so the same
 * switch governs both. The conntrack component registers it when it starts.
 */
public final class ConntrackHealthCheckRepository implements HealthCheckRepository {

    public static final String ID = "conntrack-consumers";

    private final CamelContext context;
    private boolean enabled = true;

    ConntrackHealthCheckRepository(CamelContext context) {
        this.context = context;
    }

    /** Registers a repository with the context's health-check registry, if it has one and none yet. */
    static void registerWith(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null && registry.getRepository(ID).isEmpty()) {
            registry.register(new ConntrackHealthCheckRepository(context));
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        boolean consumers = registry != null
                && registry.getRepository("consumers").map(HealthCheckRepository::isEnabled).orElse(false);
        if (!enabled || !consumers) {
            return Stream.empty();
        }
        return context.getRoutes().stream()
                .map(route -> route.getConsumer() instanceof ConntrackConsumer c ? c.getHealthCheck() : null)
                .filter(check -> check != null);
    }
}
