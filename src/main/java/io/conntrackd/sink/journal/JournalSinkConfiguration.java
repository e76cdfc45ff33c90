package io.conntrackd.sink.journal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.conntrackd.sink.AtLeast;
import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.SinkConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The journald sink's options. */
@UriParams
public class JournalSinkConfiguration extends SinkConfiguration {

    /** Where journald listens for the native protocol on every systemd host. */
    private static final String DEFAULT_SOCKET = "/run/systemd/journal/socket";

    /**
     * An absolute path of characters that pass unescaped through an endpoint URI and through a
     * comma-separated list of endpoint URIs.
     */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=~-]*");
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

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
    @AtLeast(1)
    private long sendTimeout = 1000;

    @Override
    public JournalSinkConfiguration copy() {
        return (JournalSinkConfiguration) super.copy();
    }

    @Override
    public void validate() {
        super.validate();
        if (!SAFE_PATH.matcher(socketPath).matches()
                || socketPath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidOptionException("socketPath", socketPath, "{}: must be an absolute path of at most "
                    + MAX_PATH_BYTES + " bytes made of letters, digits and ._/@+=~-");
        }
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
