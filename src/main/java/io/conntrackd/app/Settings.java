package io.conntrackd.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.sink.BufferedSinkConfiguration;

/**
 * Every setting conntrackd knows, each declared once with its default and description. The settings of
 * the daemon itself are declared here, in {@code --help} order; each sink's options follow its enable
 * flag, derived from the sink's configuration class ({@link SinkDefinition}).
 */
public final class Settings {

    private static final List<Setting> DECLARED = new ArrayList<>();

    public static final Setting CONFIG = declare(Setting.string("config", "",
            "Path to a configuration file (YAML, JSON or TOML); default: the first of"
            + " /etc/conntrackd/conntrackd.{json,toml,yaml,yml}"));
    public static final Setting EXT_DIR = declare(Setting.string("ext-dir", "",
            "Directory of extension jars (Camel components and their dependencies, directly or one directory per"
            + " component) put on the classpath at start; default: ext beside conntrackd's jar"));
    public static final Setting FILTER = declare(Setting.list("filter", "",
            "Filter rule: 'log|drop <CEL expression>' (repeatable; first match wins; default: log)", null));
    public static final Setting ROUTES = declare(Setting.string("routes", "",
            "Directory of route files (*.camel.yaml) to run instead of the built-in route, e.g. a collector that"
            + " reads events from Kafka (docs/fleet.md)"));
    public static final Setting LOG_LEVEL = declare(Setting.choice("log.level", "info",
            "Log level of the daemon's own log on stderr", List.of("debug", "info", "warn", "error")));
    public static final Setting LOG_FORMAT = declare(Setting.choice("log.format", "json",
            "Format of the daemon's own log on stderr (json as the original, one object per line)",
            List.of("json", "text")));
    public static final Setting GEOIP_DATABASE = declare(Setting.string("geoip.database", "",
            "Path to a GeoIP2/GeoLite2 City database"));
    public static final Setting GEOIP_ASN_DATABASE = declare(Setting.string("geoip.asn-database", "",
            "Path to a GeoLite2 ASN database (adds AS number and organisation)"));
    public static final Setting GEOIP_RELOAD_INTERVAL = declare(Setting.integer("geoip.reload-interval", 60,
            "Seconds between checks for a replaced GeoIP database file (0: never reload)").atLeast(0));
    public static final Setting GEOIP_CACHE_SIZE = declare(Setting.integer("geoip.cache-size", 16384,
            "Addresses whose GeoIP answers are kept in memory (0: none)").atLeast(0));
    public static final Setting NETLINK_NETNS = declare(Setting.string("netlink.netns", "",
            "Network namespace to listen in (path, e.g. /var/run/netns/NAME); default: the daemon's own"));
    public static final Setting NETLINK_ALL_NAMESPACES = declare(Setting.bool("netlink.all-namespaces", true,
            "Also hear the namespaces that have an id in the one listened in (containers, ip netns), as the"
            + " original; their events carry netns_id and netns. Needs CAP_NET_BROADCAST"));
    public static final Setting NETLINK_RECEIVE_BUFFER = declare(Setting.integer("netlink.receive-buffer", 33554432,
            "Netlink receive buffer in bytes (forced with CAP_NET_ADMIN)"));
    public static final Setting EVENTS_BATCH_SIZE = declare(Setting.integer("events.batch-size", 256,
            "Events per exchange in the default route (1: one exchange per event)"));
    public static final Setting TRAINING_EVENTS = declare(Setting.integer("training.events", 0,
            "Start-up training run: route this many synthetic events (no netlink subscription, no privilege) through the"
            + " filter rules, GeoIP and the JSON encoding to a stream sink that discards them, then exit; the"
            + " configured sinks, metrics and profiler stay off. The launcher records the start-up archive with it"
            + " (0: a normal run)").atLeast(0));
    public static final Setting METRICS_ENABLE = declare(Setting.bool("metrics.enable", false,
            "Serve Prometheus metrics (/metrics) and health checks (/health/live, /health/ready) over HTTP"));
    public static final Setting METRICS_ADDRESS = declare(Setting.string("metrics.address", "127.0.0.1:9754",
            "HOST:PORT to serve metrics and health on (0.0.0.0 or [::] for every interface)"));
    public static final Setting PROFILER_ENABLE = declare(Setting.bool("profiler.enable", false,
            "Enable continuous profiling"));
    public static final Setting PROFILER_ADDRESS = declare(Setting.string("profiler.address", "http://localhost:4040",
            "Pyroscope server address"));
    public static final Setting BUFFER_DIR = declare(Setting.string("buffer.dir",
            BufferedSinkConfiguration.DEFAULT_BUFFER_DIRECTORY,
            "Directory of the sinks' disk buffers (--sink.NAME.buffer disk): one subdirectory per sink"));
    public static final Setting SINK_EXIT_ON_WARNING = declare(Setting.bool("sink.exit-on-warning", false,
            "Exit instead of running without a sink that fails to start"));
    public static final Setting SINK_STREAM_ENABLE = declare(Setting.bool("sink.stream.enable", false,
            "Enable stream sink"));
    public static final Setting SINK_JOURNAL_ENABLE = declare(Setting.bool("sink.journal.enable", false,
            "Enable journald sink"));
    public static final Setting SINK_LOKI_ENABLE = declare(Setting.bool("sink.loki.enable", false,
            "Enable Loki sink"));
    public static final Setting SINK_SYSLOG_ENABLE = declare(Setting.bool("sink.syslog.enable", false,
            "Enable syslog sink"));
    public static final Setting SINK_KAFKA_ENABLE = declare(Setting.bool("sink.kafka.enable", false,
            "Enable Kafka sink"));

    private Settings() {
    }

    private static Setting declare(Setting s) {
        DECLARED.add(s);
        return s;
    }

    /** Every setting, in {@code --help} order: the daemon's, then each sink's enable flag and options. */
    public static List<Setting> all() {
        return Catalog.ALL;
    }

    /** The setting with this dotted key, or {@code null}. */
    public static Setting byKey(String key) {
        return Catalog.BY_KEY.get(key);
    }

    /** Built on first use: the sinks' settings come from their definitions, which use the constants above. */
    private static final class Catalog {

        static final List<Setting> ALL = build();
        static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

        static {
            ALL.forEach(s -> BY_KEY.put(s.key(), s));
        }

        private static List<Setting> build() {
            List<Setting> all = new ArrayList<>(DECLARED);
            for (SinkDefinition<?> sink : SinkPlan.DEFINITIONS) {
                all.remove(sink.enable());
                all.add(sink.enable());
                all.addAll(sink.settings());
            }
            return List.copyOf(all);
        }
    }
}
