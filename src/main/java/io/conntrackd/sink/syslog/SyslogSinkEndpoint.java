package io.conntrackd.sink.syslog;

import java.time.ZoneId;
import java.time.zone.ZoneRules;

import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.sink.syslog.connection.Scheme;
import io.conntrackd.sink.syslog.connection.SyslogAddress;
import io.conntrackd.sink.syslog.connection.SyslogConnection;
import io.conntrackd.sink.syslog.format.Rfc3164Formatter;
import io.conntrackd.sink.syslog.format.Rfc5424Formatter;
import io.conntrackd.sink.syslog.format.Sender;
import io.conntrackd.sink.syslog.format.SyslogFormat;
import io.conntrackd.sink.syslog.format.SyslogFormatter;
import org.apache.camel.Category;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * Sends conntrack events (a {@code ConntrackEvent} or a list of them) to a syslog server: RFC 5424 or
 * RFC 3164 messages whose MSG is the JSON of the original conntrackd's syslog sink, over UDP, TCP, TLS
 * or a unix socket.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-syslog", title = "Conntrack Syslog Sink",
             syntax = "conntrack-syslog:address", producerOnly = true,
             category = {Category.MONITORING, Category.NETWORKING})
public class SyslogSinkEndpoint extends SinkEndpoint {

    @UriParam
    private final SyslogSinkConfiguration configuration;

    public SyslogSinkEndpoint(String uri, SyslogSinkComponent component, SyslogSinkConfiguration configuration) {
        super(uri, component, "syslog", configuration);
        this.configuration = configuration;
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        SyslogAddress address = configuration.syslogAddress();
        Scheme scheme = address.scheme();
        SyslogConnection connection = SyslogConnection.open(getCamelContext(), address, configuration.getFraming(),
                configuration.tlsContext(), configuration.getConnectTimeout(), configuration.getWriteTimeout());
        return new SyslogWriter(newFormatter(scheme), connection,
                scheme.isStream() ? 0 : configuration.getMaxDatagramSize(),
                new Backoff(configuration.getReconnectDelay(), configuration.getMaxReconnectDelay()), SinkClock.SYSTEM,
                address.toString());
    }

    private SyslogFormatter newFormatter(Scheme scheme) {
        String appName = configuration.getAppName();
        Sender sender = configuration.getHostname() == null ? Sender.thisProcess(appName)
                : new Sender(configuration.getHostname(), appName, ProcessHandle.current().pid());
        ZoneRules zone = ZoneId.systemDefault().getRules();
        SyslogFacility facility = configuration.getFacility();
        SyslogSeverity severity = configuration.getSeverity();
        if (configuration.getFormat().on(scheme) == SyslogFormat.RFC5424) {
            return new Rfc5424Formatter(facility, severity, sender, zone, configuration.isSequenceId(),
                    configuration.isCeeCookie());
        }
        return new Rfc3164Formatter(facility, severity, sender, zone, !scheme.isLocal(), configuration.isCeeCookie());
    }

    @Override
    protected boolean writesLines() {
        return true; // its JSON is made of the line's fields and message
    }

    @Override
    public SyslogSinkConfiguration getConfiguration() {
        return configuration;
    }
}
