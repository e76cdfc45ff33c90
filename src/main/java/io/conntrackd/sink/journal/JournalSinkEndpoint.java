package io.conntrackd.sink.journal;

import java.nio.file.Path;
import java.time.Duration;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Sends conntrack events (a {@code ConntrackEvent} or a list of them) to systemd-journald over its
 * native protocol, one entry per event, with the original conntrackd's fields: MESSAGE, PRIORITY=6,
 * SYSLOG_IDENTIFIER and EVENT_TYPE, EVENT_FLOW, EVENT_PROT, EVENT_SRC_ADDR, ... (see docs/journald.md).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-journal", title = "Conntrack Journal Sink",
             syntax = "conntrack-journal:socketPath", producerOnly = true, remote = false,
             category = {Category.MONITORING})
public class JournalSinkEndpoint extends SinkEndpoint {

    /** Where journald listens for the native protocol on every systemd host. */
    public static final String DEFAULT_SOCKET = "/run/systemd/journal/socket";

    @UriPath(label = "advanced", defaultValue = DEFAULT_SOCKET,
             description = "journald's native protocol socket. Change it only for tests or a container that"
                           + " mounts the host's socket elsewhere.")
    private String socketPath = DEFAULT_SOCKET;

    @UriParam(defaultValue = "conntrackd",
              description = "The SYSLOG_IDENTIFIER of every entry (journalctl -t selects on it).")
    private String syslogIdentifier = "conntrackd";

    @UriParam(label = "advanced", defaultValue = "1000",
              description = "How long, in milliseconds, one send may wait while journald is not reading (its"
                            + " socket queue is full); then the event counts as failed.")
    private long sendTimeout = 1000;

    public JournalSinkEndpoint(String uri, JournalSinkComponent component) {
        super(uri, component, "journal");
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        JournalSocket socket = new JournalSocket(Path.of(socketPath), Duration.ofMillis(sendTimeout));
        return new JournalWriter(socket, new JournalEntryEncoder(syslogIdentifier));
    }

    public String getSocketPath() {
        return socketPath;
    }

    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    public String getSyslogIdentifier() {
        return syslogIdentifier;
    }

    public void setSyslogIdentifier(String syslogIdentifier) {
        this.syslogIdentifier = syslogIdentifier;
    }

    public long getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(long sendTimeout) {
        this.sendTimeout = sendTimeout;
    }
}
