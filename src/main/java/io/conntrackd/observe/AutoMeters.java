package io.conntrackd.observe;

import java.util.Set;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.support.StartListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Binds conntrackd's meters ({@link ConntrackdMeters}) without a call from the application, by
 * camel-micrometer's convention: when a Micrometer {@code MeterRegistry} is in Camel's registry (named
 * {@value #REGISTRY_NAME}, or the only one, or else the composite one, as camel-micrometer looks it up), the
 * conntrack consumers and the sinks bind their meters as they start, and the filter's and the GeoIP step's are
 * bound when the context has started. Micrometer is optional: without it on the classpath this class touches
 * none of its types. The consumers and sinks reach it as their {@link StartListener}.
 */
public final class AutoMeters implements StartListener {

    /** camel-micrometer's name for the registry (MicrometerConstants.METRICS_REGISTRY_NAME). */
    public static final String REGISTRY_NAME = "metricsRegistry";

    private static final boolean MICROMETER = isPresent("io.micrometer.core.instrument.MeterRegistry");

    /**
     * Binds the meters of {@code part} and of what {@code context} holds now, if it has a meter registry; does
     * nothing otherwise.
     */
    @Override
    public void started(CamelContext context, Object part) {
        if (MICROMETER) {
            Binding.bind(context, part);
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, AutoMeters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only with Micrometer on the classpath. */
    private static final class Binding {

        static void bind(CamelContext context, Object part) {
            MeterRegistry registry = registry(context.getRegistry());
            if (registry != null) {
                ConntrackdMeters meters = ConntrackdMeters.of(context, registry);
                if (part instanceof SinkEndpoint sink) {
                    meters.bindSink(sink);
                }
                meters.bindNew();
            }
        }

        private static MeterRegistry registry(Registry camel) {
            MeterRegistry named = camel.lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
            if (named != null) {
                return named;
            }
            Set<MeterRegistry> all = camel.findByType(MeterRegistry.class);
            if (all.size() == 1) {
                return all.iterator().next();
            }
            return all.stream().filter(CompositeMeterRegistry.class::isInstance).findFirst().orElse(null);
        }
    }
}
