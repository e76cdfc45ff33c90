package io.conntrackd.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which sinks the default route feeds, with the original's rules: no sink enabled means the
 * stream sink on stdout; a sink whose start-up check fails is skipped with a warning, or stops
 * startup when {@code sink.exit-on-warning} is set; having no sink left is an error.
 */
final class SinkPlan {

    private static final List<SinkDefinition> DEFINITIONS = List.of(new StreamSinkDefinition(),
            new JournalSinkDefinition(), new LokiSinkDefinition(), new SyslogSinkDefinition());

    private SinkPlan() {
    }

    /** The endpoint URIs of the sinks to use. */
    static List<String> endpointUris(Configuration config, PrintStream notices)
            throws ConfigurationException, StartupException {
        List<SinkDefinition> enabled = DEFINITIONS.stream().filter(d -> config.bool(d.enable())).toList();
        if (enabled.isEmpty()) {
            notices.println("conntrackd: no sink enabled, writing events to stdout"
                    + " (enable sinks with --sink.NAME.enable)");
            return List.of("conntrack-stream:stdout");
        }
        List<String> uris = new ArrayList<>();
        for (SinkDefinition d : enabled) {
            String uri = d.endpointUri(config);
            if (usable(d, config)) {
                uris.add(uri);
            }
        }
        if (uris.isEmpty()) {
            throw new StartupException("no sink could be started", null);
        }
        return uris;
    }

    /** The beans that the enabled sinks need in Camel's registry, by name. */
    static Map<String, Object> beans(Configuration config, Map<String, String> environment)
            throws ConfigurationException {
        Map<String, Object> beans = new LinkedHashMap<>();
        for (SinkDefinition d : DEFINITIONS) {
            if (config.bool(d.enable())) {
                beans.putAll(d.beans(config, environment));
            }
        }
        return beans;
    }

    private static boolean usable(SinkDefinition d, Configuration config) throws StartupException {
        try {
            d.probe(config);
            return true;
        } catch (Exception e) {
            String reason = "sink " + d.name() + " is not available: " + e.getMessage();
            if (config.bool(Settings.SINK_EXIT_ON_WARNING)) {
                throw new StartupException(reason + " (exiting because "
                        + Settings.SINK_EXIT_ON_WARNING.environmentVariable() + " is set)", e);
            }
            Logger log = LoggerFactory.getLogger(SinkPlan.class);
            log.warn("{}; running without it", reason);
            return false;
        }
    }
}
