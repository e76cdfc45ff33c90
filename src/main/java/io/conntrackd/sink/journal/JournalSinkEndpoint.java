package io.conntrackd.sink.journal;

import java.nio.file.Path;
import java.time.Duration;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * Sends conntrack events (a {@code ConntrackEvent} or a list of them) to systemd-journald over its
 * native protocol, one entry per event, with the original conntrackd's fields: MESSAGE, PRIORITY=6,
 * SYSLOG_IDENTIFIER and EVENT_TYPE, EVENT_FLOW, EVENT_PROT, EVENT_SRC_ADDR, ... (see docs/journald.md).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-journal", title = "Conntrack Journal Sink",
             syntax = "conntrack-journal:socketPath", producerOnly = true, remote = false,
             category = {Category.MONITORING})
public class JournalSinkEndpoint extends SinkEndpoint {

    @UriParam
    private final JournalSinkConfiguration configuration;

    public JournalSinkEndpoint(String uri, JournalSinkComponent component, JournalSinkConfiguration configuration) {
        super(uri, component, "journal", configuration);
        this.configuration = configuration;
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        JournalSocket socket = new JournalSocket(Path.of(configuration.getSocketPath()),
                Duration.ofMillis(configuration.getSendTimeout()));
        return new JournalWriter(socket, new JournalEntryEncoder(configuration.getSyslogIdentifier()));
    }

    @Override
    public JournalSinkConfiguration getConfiguration() {
        return configuration;
    }
}
