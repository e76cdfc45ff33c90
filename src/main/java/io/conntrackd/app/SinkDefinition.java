package io.conntrackd.app;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.conntrackd.sink.BufferedSinkConfiguration;
import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.SinkConfiguration;

/**
 * How the CLI turns one sink's settings into its component: the settings are derived from the sink's
 * configuration class ({@link SinkOptions}); the component gets them as its configuration, which
 * every endpoint of the scheme copies, and is bound in Camel's registry under the scheme's name. The
 * endpoint URI that the default route's recipient list sends to is the scheme and the path option.
 * One subclass per sink says only what is particular to it: its names, secrets and start-up check.
 *
 * @param <C> the sink's configuration class
 */
abstract class SinkDefinition<C extends SinkConfiguration> {

    /**
     * An enabled sink with its checked options, ready for Camel.
     *
     * @param diskBuffered whether its events wait on disk: then an unreachable destination does not keep it out
     */
    record Prepared(String name, String scheme, String endpointUri, SinkComponent component, Probe probe,
                    boolean diskBuffered) {
    }

    /** The start-up check of a sink. */
    @FunctionalInterface
    interface Probe {
        /** Throws an exception whose message says why the destination cannot be used now. */
        void check() throws Exception;
    }

    private final String name;
    private final String scheme;
    private final Setting enable;
    private final SinkOptions<C> options;

    /**
     * @param renamed    setting names that are not the kebab case of the option (see {@link SinkOptions})
     * @param separators the separator of each option that is a list of items in one string
     */
    SinkDefinition(String name, String scheme, Setting enable, Supplier<C> defaults, Map<String, String> renamed,
                   Map<String, String> separators) {
        this.name = name;
        this.scheme = scheme;
        this.enable = enable;
        this.options = new SinkOptions<>(name, defaults, renamed, separators);
    }

    /** The sink's name as in its flags, e.g. {@code syslog}. */
    final String name() {
        return name;
    }

    /** The {@code sink.NAME.enable} setting. */
    final Setting enable() {
        return enable;
    }

    /** The key of the setting of one of the sink's options, by its name in the configuration class. */
    final String settingKey(String option) {
        return options.settingKey(option);
    }

    /** The sink's settings besides enable: its options, then its own settings. */
    final List<Setting> settings() {
        return Stream.concat(options.settings().stream(), ownSettings().stream()).toList();
    }

    /**
     * The sink's component, configured from the settings and checked.
     *
     * @throws ConfigurationException naming the setting whose value the sink cannot use
     */
    final Prepared prepare(Configuration config, Map<String, String> environment) throws ConfigurationException {
        C configured = options.configure(config);
        SinkComponent component = component(configured, config, environment);
        try {
            component.validate(configured);
        } catch (InvalidOptionException e) {
            throw options.invalid(e, config, otherOptionNames());
        }
        return new Prepared(name, scheme, scheme + ":" + options.path(configured), component,
                () -> probe(configured, component),
                configured instanceof BufferedSinkConfiguration b && b.isDiskBuffered());
    }

    /**
     * A new component of the sink with these options; read its secrets from files or {@code environment}
     * here, so that a bad one stops startup with a configuration error.
     */
    abstract SinkComponent component(C options, Configuration config, Map<String, String> environment)
            throws ConfigurationException;

    /**
     * Checks that the destination can be used now (the original's start-up check), throwing an exception
     * whose message says why not. The default is no check.
     */
    void probe(C options) throws Exception {
    }

    /** {@link #probe(SinkConfiguration)}, for a check that needs the component's secrets too. */
    void probe(C options, SinkComponent component) throws Exception {
        probe(options);
    }

    /** Settings of the sink that are not options of its endpoints (such as files holding secrets). */
    List<Setting> ownSettings() {
        return List.of();
    }

    /** How messages name the component's options that are not settings (such as secrets). */
    Map<String, String> otherOptionNames() {
        return Map.of();
    }
}
