package io.conntrackd.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.conntrackd.observe.ObserveServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

/**
 * {@code --metrics.*}: a Prometheus meter registry in Camel's registry (where camel-micrometer's
 * {@code micrometer:} endpoints and route policy find it), the JVM's meters, Camel's route meters and
 * conntrackd's own, served with Camel's health checks by {@link ObserveServer}.
 */
final class ObserveSetup {

    /** The route policy's registry name; camel-main adds route policy factories found in the registry. */
    static final String ROUTE_POLICY_BEAN = "conntrackdRoutePolicy";

    private ObserveSetup() {
    }

    /**
     * Binds the metrics address and prepares {@code main}, if {@code metrics.enable} is set.
     *
     * @return the server, serving from now on (close it after Camel stopped), or {@code null} when disabled
     * @throws ConfigurationException when {@code metrics.address} is malformed or names an unknown host
     * @throws StartupException       when the address cannot be bound (the port is taken)
     */
    static ObserveServer start(Configuration config, Main main) throws ConfigurationException, StartupException {
        if (!config.bool(Settings.METRICS_ENABLE)) {
            return null;
        }
        InetSocketAddress address = address(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObserveServer server;
        try {
            server = ObserveServer.start(address, registry);
        } catch (IOException e) {
            throw new StartupException("cannot serve metrics on " + config.describe(Settings.METRICS_ADDRESS) + ": "
                    + e.getMessage(), e);
        }
        bindJvmMeters(registry);
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        MicrometerRoutePolicyFactory routePolicy = new MicrometerRoutePolicyFactory();
        routePolicy.setMeterRegistry(registry);
        main.bind(ROUTE_POLICY_BEAN, routePolicy);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                server.attach(started.getCamelContext());
                InetSocketAddress bound = server.address();
                String base = "http://" + hostText(bound.getAddress()) + ":" + bound.getPort();
                LoggerFactory.getLogger(ObserveSetup.class).info("metrics on {}/metrics, health on {}/health/live"
                        + " and {}/health/ready", base, base, base);
            }
        });
        return server;
    }

    /**
     * Checks {@code metrics.address}, if metrics are enabled, without binding it.
     *
     * @throws ConfigurationException as {@link #start} would
     */
    static void check(Configuration config) throws ConfigurationException {
        if (config.bool(Settings.METRICS_ENABLE)) {
            address(config);
        }
    }

    private static void bindJvmMeters(PrometheusMeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** {@code metrics.address}: HOST:PORT, with an IPv6 literal in brackets; port 0 picks a free one. */
    static InetSocketAddress address(Configuration config) throws ConfigurationException {
        Setting s = Settings.METRICS_ADDRESS;
        String value = config.string(s).trim();
        String expected = "HOST:PORT, such as 127.0.0.1:9754, [::1]:9754 or 0.0.0.0:9754";
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw Configuration.invalid(s, value, config.origin(s), expected);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw Configuration.invalid(s, value, config.origin(s), expected + " (an IPv6 address goes in brackets)");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw Configuration.invalid(s, value, config.origin(s), expected);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw Configuration.invalid(s, value, config.origin(s), expected + " (unknown host " + host + ")");
        }
    }

    private static String hostText(InetAddress address) {
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }
}
