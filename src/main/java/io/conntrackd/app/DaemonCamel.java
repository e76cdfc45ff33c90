package io.conntrackd.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The daemon's camel-main, configured from the settings: its properties (every setting, the sinks the default
 * route feeds, the operator's route directory), the property files, the beans the routes refer to and the
 * extension directory's class loader. {@code run} starts it; {@code validate} loads its routes without starting
 * anything, so both see the same routes, properties and components.
 */
final class DaemonCamel {

    /** The Camel property with the endpoint URIs of the sinks the default route sends to, comma-separated. */
    static final String SINKS_PROPERTY = "conntrackd.sinks";

    private DaemonCamel() {
    }

    /**
     * @param sinks the endpoint URIs of the sinks to feed
     * @param beans what to bind in Camel's registry, by name
     */
    static Main create(Configuration config, Path configDirectory, ExtensionDirectory extensions, List<String> sinks,
                       Map<String, Object> beans) throws ConfigurationException {
        Properties properties = config.toCamelProperties();
        properties.setProperty(SINKS_PROPERTY, String.join(",", sinks));
        RouteFiles.includePattern(config).ifPresent(p -> properties.setProperty(RouteFiles.INCLUDE_PATTERN, p));
        // Camel finds components, type converters and the classes routes name through this class loader
        Thread.currentThread().setContextClassLoader(extensions.classLoader());
        Main main = new Main();
        main.setPropertyPlaceholderLocations(CamelPropertyFiles.locations(configDirectory));
        main.setOverrideProperties(properties);
        beans.forEach(main::bind);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport configuring) {
                configuring.getCamelContext().setApplicationContextClassLoader(extensions.classLoader());
            }
        });
        return main;
    }
}
