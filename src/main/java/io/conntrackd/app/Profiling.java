package io.conntrackd.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import io.conntrackd.support.UrlCredentials;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --profiler.*}: continuous profiling of the daemon to a Pyroscope server with the Pyroscope
 * Java agent (async-profiler inside), as application {@value #APPLICATION_NAME}.
 *
 * <p>The address is checked at startup: a malformed one is a configuration error. The server itself
 * is not: profiling is a side job, so an unreachable server or an agent that cannot start only
 * warns, and the agent keeps retrying its uploads while the daemon logs events.
 *
 * <p>Other agent options (upload interval, auth token, tenant, labels, profiling event) come from
 * the agent's own {@code PYROSCOPE_*} environment variables; the application name and the server
 * address always come from conntrackd's settings.
 */
final class Profiling {

    static final String APPLICATION_NAME = "conntrackd";

    private static final Logger LOG = LoggerFactory.getLogger(Profiling.class);

    private Profiling() {
    }

    /**
     * Starts the agent if {@code profiler.enable} is set. Call before Camel starts, so that startup is
     * profiled too.
     *
     * @return whether profiling runs
     * @throws ConfigurationException when profiling is enabled and the address or a PYROSCOPE_* variable
     *         is malformed
     */
    static boolean start(Configuration config, Map<String, String> environment) throws ConfigurationException {
        if (!config.bool(Settings.PROFILER_ENABLE)) {
            return false;
        }
        Config agentConfig = agentConfig(serverAddress(config), environment);
        try {
            PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(agentConfig)
                    .setLogger(new PyroscopeLog(LoggerFactory.getLogger("io.conntrackd.profiler")))
                    .build());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("profiler: cannot start the Pyroscope agent ({}); running without profiling", e.toString());
            return false;
        }
        if (!PyroscopeAgent.isStarted()) {
            LOG.warn("profiler: the Pyroscope agent did not start; running without profiling");
            return false;
        }
        LOG.info("profiling to {} as application {} (every {})", UrlCredentials.masked(agentConfig.serverAddress),
                APPLICATION_NAME,
                agentConfig.uploadInterval);
        return true;
    }

    /**
     * Checks the profiler's settings, if it is enabled, without starting it.
     *
     * @throws ConfigurationException as {@link #start} would
     */
    static void check(Configuration config, Map<String, String> environment) throws ConfigurationException {
        if (config.bool(Settings.PROFILER_ENABLE)) {
            agentConfig(serverAddress(config), environment);
        }
    }

    /** The checked {@code profiler.address}: an http or https URL with a host. */
    static String serverAddress(Configuration config) throws ConfigurationException {
        Setting s = Settings.PROFILER_ADDRESS;
        String address = config.string(s).trim();
        try {
            URI uri = new URI(address);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getFragment() == null) {
                return address;
            }
        } catch (URISyntaxException e) {
            // reported below, with the expected form
        }
        throw Configuration.invalid(s, UrlCredentials.masked(address), config.origin(s),
                "an http:// or https:// URL of a Pyroscope server, such as http://localhost:4040");
    }

    /** The agent's configuration: its PYROSCOPE_* variables, with our name and address. */
    static Config agentConfig(String serverAddress, Map<String, String> environment) throws ConfigurationException {
        try {
            return Config.build(key -> switch (key) {
                case "PYROSCOPE_APPLICATION_NAME" -> APPLICATION_NAME;
                case "PYROSCOPE_SERVER_ADDRESS" -> serverAddress;
                default -> environment.get(key);
            });
        } catch (RuntimeException e) {
            throw new ConfigurationException("profiler: a PYROSCOPE_* environment variable is not valid: "
                    + e.getMessage(), e);
        }
    }
}
