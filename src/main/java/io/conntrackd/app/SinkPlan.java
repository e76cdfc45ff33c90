package io.conntrackd.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which sinks the default route feeds. As in the original, a sink whose start-up check fails
 * is skipped with a warning, or stops startup when {@code sink.exit-on-warning} is set, and having no
 * sink left is an error. With no sink enabled at all the original exits ("no target sink available");
 * we use the stream sink instead, with its settings ({@code sink.stream.writer} and the rest), and say so
 * in a notice. Two steps, so that every setting of the daemon can be checked before anything is said or
 * probed: {@link #prepare} checks the sinks' settings, {@link #select} probes their destinations.
 */
final class SinkPlan {

    /** The sinks to feed: their endpoint URIs and their components, by scheme, for Camel's registry. */
    record Selected(List<String> endpointUris, Map<String, Object> beans) {
    }

    private static final StreamSinkDefinition STREAM = new StreamSinkDefinition();

    /** Every sink, in the order of their settings. */
    static final List<SinkDefinition<?>> DEFINITIONS = List.of(STREAM, new JournalSinkDefinition(),
            new LokiSinkDefinition(), new SyslogSinkDefinition(), new KafkaSinkDefinition());

    private final List<SinkDefinition.Prepared> sinks;
    private final String notice;

    private SinkPlan(List<SinkDefinition.Prepared> sinks, String notice) {
        this.sinks = sinks;
        this.notice = notice;
    }

    /**
     * Configures and checks every enabled sink, or the stream sink when none is.
     *
     * @throws ConfigurationException naming a setting whose value a sink cannot use
     */
    static SinkPlan prepare(Configuration config, Map<String, String> environment) throws ConfigurationException {
        List<SinkDefinition.Prepared> prepared = new ArrayList<>();
        for (SinkDefinition<?> d : toConfigure(config)) {
            prepared.add(d.prepare(config, environment));
        }
        return new SinkPlan(List.copyOf(prepared), standIn(config).map(s -> s + " (" + ENABLE + ")")
                .orElse(null));
    }

    /** How to enable sinks, for the notice when none is. */
    static final String ENABLE = "enable sinks with --sink.NAME.enable";

    /** The sinks to configure: every enabled one, or the stream sink standing in when none is. */
    static List<SinkDefinition<?>> toConfigure(Configuration config) {
        List<SinkDefinition<?>> enabled = DEFINITIONS.stream().filter(d -> config.bool(d.enable())).toList();
        return enabled.isEmpty() ? List.of(STREAM) : enabled;
    }

    /** When no sink is enabled, what the stream sink standing in does with the events. */
    static Optional<String> standIn(Configuration config) {
        if (DEFINITIONS.stream().anyMatch(d -> config.bool(d.enable()))) {
            return Optional.empty();
        }
        String writer = config.string(Settings.byKey("sink.stream.writer"));
        return Optional.of("no sink enabled, " + (writer.equals("discard")
                ? "discarding the events (sink.stream.writer is discard)" : "writing events to " + writer));
    }

    /** What to tell the operator before starting, when the stream sink stands in for no sink enabled. */
    Optional<String> notice() {
        return Optional.ofNullable(notice);
    }

    /**
     * Probes each sink's destination and keeps the usable ones: a disk-buffered sink even when its
     * destination is down, the others only when it is up (or startup stops, with exit-on-warning).
     *
     * @throws StartupException when no sink is usable, or one is not while exit-on-warning is set
     */
    Selected select(Configuration config) throws StartupException {
        List<String> uris = new ArrayList<>();
        Map<String, Object> beans = new LinkedHashMap<>();
        for (SinkDefinition.Prepared sink : sinks) {
            if (usable(sink, config)) {
                uris.add(sink.endpointUri());
                beans.put(sink.scheme(), sink.component());
            }
        }
        if (uris.isEmpty()) {
            throw new StartupException("no sink could be started", null);
        }
        return new Selected(List.copyOf(uris), beans);
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
