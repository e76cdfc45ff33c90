package io.conntrackd.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.conntrack.TrainingEvents;
import io.conntrackd.source.ConntrackComponent;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * {@code run --training.events N}: the run that the launcher records the JVM's start-up archive with (the class
 * data archive, or on Java 25 the ahead-of-time cache with the method profiles of JEP 515). It starts the daemon
 * as configured (filter rules, GeoIP, {@code events.batch-size}; the built-in route) but feeds the route N
 * synthetic events ({@link TrainingEvents}) instead of the kernel's, sends them to a stream sink that formats and
 * discards them instead of the configured sinks, serves no metrics, and stops once they are routed. So it needs
 * no privilege, writes nothing to stdout and sends nothing anywhere, and the archive holds the event path.
 */
final class TrainingRun {

    /**
     * The built-in route, also where an installation's application.properties names the operator's route directory:
     * a route there might read from Kafka, and a training run must not take (and commit) a collector's records.
     */
    private static final String BUILT_IN_ROUTE = "classpath:routes/conntrackd.camel.yaml";

    /** What the training run sets over the operator's settings: the built-in route, discarding, nothing served. */
    private static final Map<Setting, Object> OVERRIDES = overrides();

    private TrainingRun() {
    }

    private static Map<Setting, Object> overrides() {
        Map<Setting, Object> o = new LinkedHashMap<>();
        for (SinkDefinition<?> sink : SinkPlan.DEFINITIONS) {
            o.put(sink.enable(), "false");
        }
        o.put(Settings.SINK_STREAM_ENABLE, "true");
        o.put(Settings.byKey("sink.stream.writer"), "discard");
        o.put(Settings.ROUTES, "");
        o.put(Settings.METRICS_ENABLE, "false");
        o.put(Settings.PROFILER_ENABLE, "false");
        o.put(Settings.NETLINK_NETNS, "");
        return Map.copyOf(o);
    }

    /** Whether the configuration asks for a training run. */
    static boolean requested(Configuration config) {
        return config.integer(Settings.TRAINING_EVENTS) > 0;
    }

    /**
     * Rules for a training run of settings that have none, so that the archive holds the rule compiler and the
     * compiled rules' path that most daemons use (without rules, the CEL classes only cost memory, but a daemon
     * with rules would otherwise load them all from the jar at its start).
     */
    static final List<String> RULES_WHEN_NONE = List.of("drop protocol == \"TCP\" && destination.port == 22",
            "log is_network(destination.address, \"LOCAL\") || source.port > 1024");

    /**
     * The flags of a training run: those given, with the training run's settings over them, and
     * {@link #RULES_WHEN_NONE} when {@code config} (resolved from the same flags) has no rule.
     */
    static Map<Setting, Object> flags(Map<Setting, Object> given, Configuration config) {
        Map<Setting, Object> flags = new LinkedHashMap<>(given);
        flags.putAll(OVERRIDES);
        if (config.list(Settings.FILTER).isEmpty()) {
            flags.put(Settings.FILTER, RULES_WHEN_NONE);
        }
        return flags;
    }

    /** Has the route's {@code conntrack:} consumers read the training events, and {@code main} stop after them. */
    static void feed(Main main, Configuration config) {
        long events = config.integer(Settings.TRAINING_EVENTS);
        LoggerFactory.getLogger(TrainingRun.class).info("training run: {} synthetic events, then exit", events);
        main.addOverrideProperty(RouteFiles.INCLUDE_PATTERN, BUILT_IN_ROUTE);
        main.bind("conntrack", new ConntrackComponent().readFrom(options -> new TrainingEvents(events, options,
                main::completed)));
    }
}
