package io.conntrackd.app;

import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.syslog.SyslogSinkComponent;
import io.conntrackd.sink.syslog.SyslogSinkConfiguration;
import io.conntrackd.sink.syslog.connection.SyslogProbe;

/** {@code --sink.syslog.*}: syslog over UDP, TCP, TLS or a unix socket. */
final class SyslogSinkDefinition extends SinkDefinition<SyslogSinkConfiguration> {

    private static final int PROBE_TIMEOUT_MILLIS = 5000;

    SyslogSinkDefinition() {
        super("syslog", "conntrack-syslog", Settings.SINK_SYSLOG_ENABLE, SyslogSinkConfiguration::new,
                Map.of("caFile", "tls.ca-file", "ceeCookie", "cee"), Map.of());
    }

    @Override
    SinkComponent component(SyslogSinkConfiguration options, Configuration config, Map<String, String> environment) {
        SyslogSinkComponent component = new SyslogSinkComponent();
        component.setConfiguration(options);
        return component;
    }

    @Override
    void probe(SyslogSinkConfiguration options) throws Exception {
        SyslogProbe.check(options.syslogAddress(), options.tlsContext(), PROBE_TIMEOUT_MILLIS);
    }
}
