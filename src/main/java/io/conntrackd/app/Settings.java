package io.conntrackd.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/** Every setting conntrackd knows, in {@code --help} order. */
public final class Settings {

    public static final Setting CONFIG = Setting.string("config",
            "Path to a configuration file (YAML, JSON or TOML); default: the first of"
            + " /etc/conntrackd/conntrackd.{yaml,yml,json,toml}");
    public static final Setting FILTER = Setting.list("filter",
            "Filter rule: 'log|drop <CEL expression>' (repeatable; first match wins; default: log)", null);
    public static final Setting GEOIP_DATABASE = Setting.string("geoip.database",
            "Path to a GeoIP2/GeoLite2 City database");
    public static final Setting LOG_LEVEL = Setting.choice("log.level",
            "Log level of the daemon's own log on stderr", "debug", "info", "warn", "error");
    public static final Setting SINK_EXIT_ON_WARNING = Setting.bool("sink.exit-on-warning",
            "Exit instead of running without a sink that fails to start");
    public static final Setting SINK_JOURNAL_ENABLE = Setting.bool("sink.journal.enable", "Enable journald sink");
    public static final Setting SINK_SYSLOG_ENABLE = Setting.bool("sink.syslog.enable", "Enable syslog sink");
    public static final Setting SINK_SYSLOG_ADDRESS = Setting.string("sink.syslog.address", "Syslog address");
    public static final Setting SINK_LOKI_ENABLE = Setting.bool("sink.loki.enable", "Enable Loki sink");
    public static final Setting SINK_LOKI_ADDRESS = Setting.string("sink.loki.address", "Loki address");
    public static final Setting SINK_LOKI_LABELS = Setting.list("sink.loki.labels",
            "Loki labels (comma-separated key=value pairs; repeatable)", ",");
    public static final Setting SINK_STREAM_ENABLE = Setting.bool("sink.stream.enable", "Enable stream sink");
    public static final Setting SINK_STREAM_WRITER = Setting.choice("sink.stream.writer",
            "Stream writer", "stdout", "stderr", "discard");
    public static final Setting PROFILER_ENABLE = Setting.bool("profiler.enable", "Enable continuous profiling");
    public static final Setting PROFILER_ADDRESS = Setting.string("profiler.address", "Pyroscope server address");
    public static final Setting NETLINK_NETNS = Setting.string("netlink.netns",
            "Network namespace to listen in (path, e.g. /var/run/netns/NAME); default: the daemon's own");
    public static final Setting NETLINK_RECEIVE_BUFFER = Setting.integer("netlink.receive-buffer",
            "Netlink receive buffer in bytes (forced with CAP_NET_ADMIN)");
    public static final Setting EVENTS_BATCH_SIZE = Setting.integer("events.batch-size",
            "Events per exchange in the default route (1: one exchange per event)");

    // journald sink
    public static final Setting SINK_JOURNAL_SOCKET = Setting.string("sink.journal.socket",
            "journald native protocol socket (advanced: for tests and containers)");

    // Loki sink beyond the original's enable/address/labels (docs/loki.md). Secrets are not settings:
    // they come from files named here or from CONNTRACKD_SINK_LOKI_TOKEN / _PASSWORD, never from flags.
    public static final Setting SINK_LOKI_TENANT = Setting.string("sink.loki.tenant",
            "Loki tenant (X-Scope-OrgID header)");
    public static final Setting SINK_LOKI_USERNAME = Setting.string("sink.loki.username",
            "Loki basic-auth username (password from sink.loki.password-file or CONNTRACKD_SINK_LOKI_PASSWORD)");
    public static final Setting SINK_LOKI_PASSWORD_FILE = Setting.string("sink.loki.password-file",
            "File holding the Loki basic-auth password");
    public static final Setting SINK_LOKI_TOKEN_FILE = Setting.string("sink.loki.token-file",
            "File holding a Loki bearer token (or set CONNTRACKD_SINK_LOKI_TOKEN)");
    public static final Setting SINK_LOKI_BATCH_LINES = Setting.integer("sink.loki.batch-lines",
            "Loki: most entries per push");
    public static final Setting SINK_LOKI_BATCH_BYTES = Setting.integer("sink.loki.batch-bytes",
            "Loki: most bytes of entries per push (before compression)");
    public static final Setting SINK_LOKI_BATCH_WAIT = Setting.integer("sink.loki.batch-wait",
            "Loki: longest wait in milliseconds before a batch is pushed");
    public static final Setting SINK_LOKI_BUFFER_BYTES = Setting.integer("sink.loki.buffer-bytes",
            "Loki: bytes of entries held while Loki is slow or down (beyond: dropped and counted)");
    public static final Setting SINK_LOKI_GZIP = Setting.bool("sink.loki.gzip", "Loki: gzip push bodies");
    public static final Setting SINK_LOKI_STRUCTURED_METADATA = Setting.bool("sink.loki.structured-metadata",
            "Loki: attach fields as structured metadata (Loki 3.x; turn off for older Lokis)");
    public static final Setting SINK_LOKI_MAX_RETRIES = Setting.integer("sink.loki.max-retries",
            "Loki: retries of a push that failed temporarily (connection, timeout, 429, 5xx)");
    public static final Setting SINK_LOKI_MIN_BACKOFF = Setting.integer("sink.loki.min-backoff",
            "Loki: first retry delay in milliseconds (doubles per failure, with jitter)");
    public static final Setting SINK_LOKI_MAX_BACKOFF = Setting.integer("sink.loki.max-backoff",
            "Loki: longest retry delay in milliseconds");
    public static final Setting SINK_LOKI_TIMEOUT = Setting.integer("sink.loki.timeout",
            "Loki: connect and response timeout in milliseconds");
    // --- GeoIP beyond the original's geoip.database
    public static final Setting GEOIP_ASN_DATABASE = Setting.string("geoip.asn-database",
            "Path to a GeoLite2 ASN database (adds AS number and organisation)");
    public static final Setting GEOIP_RELOAD_INTERVAL = Setting.integer("geoip.reload-interval",
            "Seconds between checks for a replaced GeoIP database file (0: never reload)");
    public static final Setting GEOIP_CACHE_SIZE = Setting.integer("geoip.cache-size",
            "Addresses whose GeoIP answers are kept in memory (0: none)");

    // syslog sink: message format, facility, framing, TLS trust, @cee: cookie (see docs/syslog.md)
    public static final Setting SINK_SYSLOG_FORMAT = Setting.choice("sink.syslog.format",
            "Syslog message format (auto: rfc3164 as syslog(3) writes it on unix sockets, rfc5424 on udp/tcp/tls)",
            "auto", "rfc5424", "rfc3164");
    public static final Setting SINK_SYSLOG_FACILITY = Setting.choice("sink.syslog.facility",
            "Syslog facility (severity is always informational)",
            "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    public static final Setting SINK_SYSLOG_FRAMING = Setting.choice("sink.syslog.framing",
            "Syslog framing on tcp, tls and unix streams (RFC 6587)", "octet-counting", "newline");
    public static final Setting SINK_SYSLOG_TLS_CA_FILE = Setting.string("sink.syslog.tls.ca-file",
            "CA certificate(s) (PEM) that a tls:// syslog server must chain to; default: the JVM's trust store");
    public static final Setting SINK_SYSLOG_CEE = Setting.bool("sink.syslog.cee",
            "Write the @cee: cookie before the JSON of each syslog message");
    // --- metrics and health (docs/metrics.md)
    public static final Setting METRICS_ENABLE = Setting.bool("metrics.enable",
            "Serve Prometheus metrics (/metrics) and health checks (/health/live, /health/ready) over HTTP");
    public static final Setting METRICS_ADDRESS = Setting.string("metrics.address",
            "HOST:PORT to serve metrics and health on (0.0.0.0 or [::] for every interface)");

    private static final List<Setting> ALL = List.of(CONFIG, FILTER, GEOIP_DATABASE, LOG_LEVEL,
            SINK_JOURNAL_ENABLE, SINK_SYSLOG_ENABLE, SINK_LOKI_ENABLE, SINK_STREAM_ENABLE,
            SINK_SYSLOG_ADDRESS, SINK_LOKI_ADDRESS, SINK_LOKI_LABELS, SINK_STREAM_WRITER, SINK_EXIT_ON_WARNING,
            PROFILER_ENABLE, PROFILER_ADDRESS, NETLINK_NETNS, NETLINK_RECEIVE_BUFFER, EVENTS_BATCH_SIZE,
            SINK_JOURNAL_SOCKET,
            SINK_LOKI_TENANT, SINK_LOKI_USERNAME, SINK_LOKI_PASSWORD_FILE, SINK_LOKI_TOKEN_FILE,
            SINK_LOKI_BATCH_LINES, SINK_LOKI_BATCH_BYTES, SINK_LOKI_BATCH_WAIT, SINK_LOKI_BUFFER_BYTES, SINK_LOKI_GZIP,
            SINK_LOKI_STRUCTURED_METADATA, SINK_LOKI_MAX_RETRIES, SINK_LOKI_MIN_BACKOFF, SINK_LOKI_MAX_BACKOFF,
            SINK_LOKI_TIMEOUT,
            GEOIP_ASN_DATABASE, GEOIP_RELOAD_INTERVAL, GEOIP_CACHE_SIZE,
            SINK_SYSLOG_FORMAT, SINK_SYSLOG_FACILITY, SINK_SYSLOG_FRAMING, SINK_SYSLOG_TLS_CA_FILE, SINK_SYSLOG_CEE,
            METRICS_ENABLE, METRICS_ADDRESS);

    private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

    static {
        for (Setting s : ALL) {
            BY_KEY.put(s.key(), s);
        }
    }

    private Settings() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    /** The setting with this dotted key, or {@code null}. */
    public static Setting byKey(String key) {
        return BY_KEY.get(key);
    }
}
