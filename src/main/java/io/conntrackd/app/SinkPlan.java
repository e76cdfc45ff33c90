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
 *
 * @param endpointUris the endpoint URIs of the sinks to use
 * @param beans        their components, by scheme, for Camel's registry
 */
record SinkPlan(List<String> endpointUris, Map<String, Object> beans) {

    /** Every sink, in the order of their settings. */
    static final List<SinkDefinition<?>> DEFINITIONS = List.of(new StreamSinkDefinition(),
            new JournalSinkDefinition(), new LokiSinkDefinition(), new SyslogSinkDefinition(),
            new KafkaSinkDefinition());

    /**
     * The sinks to use: every enabled one is configured and checked first (a bad value is a configuration
     * error), then each is probed.
     */
    static SinkPlan of(Configuration config, Map<String, String> environment, PrintStream notices)
            throws ConfigurationException, StartupException {
        List<SinkDefinition.Prepared> enabled = new ArrayList<>();
        for (SinkDefinition<?> d : DEFINITIONS) {
            if (config.bool(d.enable())) {
                enabled.add(d.prepare(config, environment));
            }
        }
        if (enabled.isEmpty()) {
            notices.println("conntrackd: no sink enabled, writing events to stdout"
                    + " (enable sinks with --sink.NAME.enable)");
            return new SinkPlan(List.of("conntrack-stream:stdout"), Map.of());
        }
        List<String> uris = new ArrayList<>();
        Map<String, Object> beans = new LinkedHashMap<>();
        for (SinkDefinition.Prepared sink : enabled) {
            if (usable(sink, config)) {
                uris.add(sink.endpointUri());
                beans.put(sink.scheme(), sink.component());
            }
        }
        if (uris.isEmpty()) {
            throw new StartupException("no sink could be started", null);
        }
        return new SinkPlan(List.copyOf(uris), beans);
    }

    private static boolean usable(SinkDefinition.Prepared sink, Configuration config) throws StartupException {
        try {
            sink.probe().check();
            return true;
        } catch (Exception e) {
            String reason = "sink " + sink.name() + " is not available: " + e.getMessage();
            Logger log = LoggerFactory.getLogger(SinkPlan.class);
            if (sink.diskBuffered()) {
                log.warn("{}; its events wait in its disk buffer until it is", reason);
                return true;
            }
            if (config.bool(Settings.SINK_EXIT_ON_WARNING)) {
                throw new StartupException(reason + " (exiting because "
                        + Settings.SINK_EXIT_ON_WARNING.environmentVariable() + " is set)", e);
            }
            log.warn("{}; running without it", reason);
            return false;
        }
    }
}
