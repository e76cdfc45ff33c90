package io.conntrackd.app;

import java.io.IOException;
import java.nio.file.Path;

import io.conntrackd.sink.syslog.connection.SyslogAddress;
import io.conntrackd.sink.syslog.connection.SyslogProbe;
import io.conntrackd.sink.syslog.connection.TlsClientContext;
import io.conntrackd.sink.syslog.connection.Scheme;

/** {@code --sink.syslog.*}: syslog over UDP, TCP, TLS or a unix socket. */
final class SyslogSinkDefinition implements SinkDefinition {

    private static final int PROBE_TIMEOUT_MILLIS = 5000;

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public Setting enable() {
        return Settings.SINK_SYSLOG_ENABLE;
    }

    @Override
    public String endpointUri(Configuration config) throws ConfigurationException {
        SyslogAddress address = address(config);
        String caFile = config.string(Settings.SINK_SYSLOG_TLS_CA_FILE);
        if (!caFile.isBlank()) {
            tls(config); // an unusable CA file is a configuration error whatever the transport
        }
        StringBuilder uri = new StringBuilder("conntrack-syslog:").append(address)
                .append("?format=").append(config.string(Settings.SINK_SYSLOG_FORMAT))
                .append("&facility=").append(config.string(Settings.SINK_SYSLOG_FACILITY))
                .append("&framing=").append(config.string(Settings.SINK_SYSLOG_FRAMING))
                .append("&ceeCookie=").append(config.bool(Settings.SINK_SYSLOG_CEE));
        if (address.scheme() == Scheme.TLS && !caFile.isBlank()) {
            uri.append("&caFile=").append(raw(caFile, config));
        }
        return uri.toString();
    }

    @Override
    public void probe(Configuration config) throws Exception {
        SyslogAddress address = address(config);
        SyslogProbe.check(address, address.scheme() == Scheme.TLS ? tls(config) : null, PROBE_TIMEOUT_MILLIS);
    }

    /** Camel's RAW() or RAW{} syntax: the value is taken as it is, no URI decoding. */
    private static String raw(String value, Configuration config) throws ConfigurationException {
        if (value.indexOf(')') < 0) {
            return "RAW(" + value + ")";
        }
        if (value.indexOf('}') < 0) {
            return "RAW{" + value + "}";
        }
        throw new ConfigurationException(config.describe(Settings.SINK_SYSLOG_TLS_CA_FILE) + " cannot be used: a"
                + " path with both ')' and '}' cannot be passed to the endpoint");
    }

    private static SyslogAddress address(Configuration config) throws ConfigurationException {
        try {
            return SyslogAddress.parse(config.string(Settings.SINK_SYSLOG_ADDRESS));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.describe(Settings.SINK_SYSLOG_ADDRESS) + " is not a syslog"
                    + " address: " + e.getMessage(), e);
        }
    }

    /** The TLS trust of the configured CA file, or of the JVM's trust store when there is none. */
    private static TlsClientContext tls(Configuration config) throws ConfigurationException {
        String caFile = config.string(Settings.SINK_SYSLOG_TLS_CA_FILE);
        try {
            return TlsClientContext.trusting(caFile.isBlank() ? null : Path.of(caFile));
        } catch (IOException e) {
            throw new ConfigurationException(config.describe(Settings.SINK_SYSLOG_TLS_CA_FILE) + " cannot be used: "
                    + e.getMessage(), e);
        }
    }
}
