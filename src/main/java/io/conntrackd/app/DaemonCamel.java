package io.conntrackd.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The daemon's camel-main, configured from the settings: its properties (every setting, the operator's route
 * directory, and later the sinks the default route feeds), the property files, the beans the routes refer to and
 * the extension directory's class loader. {@code run} starts it; {@code validate} loads its routes without
 * starting anything, so both see the same routes, properties and components. Made in two steps, so that the
 * settings are checked before anything is said or probed.
 *
 * @param properties        the Camel properties from the settings
 * @param propertyLocations where camel-main reads its property files
 * @param extensions        the extension directory, whose class loader Camel uses
 */
record DaemonCamel(Properties properties, String propertyLocations, ExtensionDirectory extensions) {

    /** The Camel property with the endpoint URIs of the sinks the default route sends to, comma-separated. */
    static final String SINKS_PROPERTY = "conntrackd.sinks";

    /**
     * Checks the settings that Camel's configuration takes: the operator's route directory and property file.
     *
     * @throws ConfigurationException naming the setting or file that cannot be used
     */
    static DaemonCamel of(Configuration config, Path configDirectory, ExtensionDirectory extensions)
            throws ConfigurationException {
        Properties properties = config.toCamelProperties();
        RouteFiles.includePattern(config).ifPresent(p -> properties.setProperty(RouteFiles.INCLUDE_PATTERN, p));
        return new DaemonCamel(properties, CamelPropertyFiles.locations(configDirectory), extensions);
    }

    /**
     * The camel-main, not yet started.
     *
     * @param sinks the endpoint URIs of the sinks to feed
     * @param beans what to bind in Camel's registry, by name
     */
    Main main(List<String> sinks, Map<String, Object> beans) {
        Properties all = new Properties();
        all.putAll(properties);
        all.setProperty(SINKS_PROPERTY, String.join(",", sinks));
        // Camel finds components, type converters and the classes routes name through this class loader
        Thread.currentThread().setContextClassLoader(extensions.classLoader());
        Main main = new Main();
        main.setPropertyPlaceholderLocations(propertyLocations);
        main.setOverrideProperties(all);
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
