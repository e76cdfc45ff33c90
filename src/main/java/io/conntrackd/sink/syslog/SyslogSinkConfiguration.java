package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.nio.file.Path;

import io.conntrackd.sink.AtLeast;
import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.BufferedSinkConfiguration;
import io.conntrackd.sink.syslog.connection.Framing;
import io.conntrackd.sink.syslog.connection.Scheme;
import io.conntrackd.sink.syslog.connection.SyslogAddress;
import io.conntrackd.sink.syslog.connection.TlsClientContext;
import io.conntrackd.sink.syslog.format.Sender;
import io.conntrackd.sink.syslog.format.SyslogFormat;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The syslog sink's options. */
@UriParams
public class SyslogSinkConfiguration extends BufferedSinkConfiguration {

    @UriPath(defaultValue = "udp://localhost:514",
             description = "Where to send: udp://host:port, tcp://host:port, tls://host:port, unix:///path"
                           + " (stream socket), unixgram:///path (datagram socket, e.g. /dev/log) or"
                           + " unixpacket:///path (seqpacket socket).")
    private String address = "udp://localhost:514";

    @UriParam(defaultValue = "auto", enums = "auto,rfc5424,rfc3164",
              description = "Message format. auto: rfc3164 in the local form of syslog(3) (no hostname) on unix"
                            + " sockets, where syslog daemons expect it; rfc5424 on udp, tcp and tls.")
    private SyslogFormat format = SyslogFormat.AUTO;

    @UriParam(defaultValue = "daemon",
              enums = "kern,user,mail,daemon,auth,syslog,lpr,news,uucp,cron,authpriv,ftp,"
                      + "local0,local1,local2,local3,local4,local5,local6,local7",
              description = "Syslog facility of the messages.")
    private SyslogFacility facility = SyslogFacility.DAEMON;

    @UriParam(defaultValue = "info", enums = "emerg,alert,crit,err,warning,notice,info,debug",
              description = "Syslog severity of the messages, for the server's rules to select them by (for"
                            + " example notice, to keep them apart from other programs' informational messages).")
    private SyslogSeverity severity = SyslogSeverity.INFO;

    @UriParam(defaultValue = "octet-counting", enums = "octet-counting,newline",
              description = "Framing on stream transports (tcp, tls, unix; unixpacket needs none), RFC 6587: octet-counting"
                            + " (LENGTH SP MESSAGE) or newline (MESSAGE LF).")
    private Framing framing = Framing.OCTET_COUNTING;

    @UriParam(label = "security",
              description = "For tls://: a PEM or DER file with the CA certificate(s) that the server's certificate"
                            + " must chain to. Default: the JVM's trust store.")
    private String caFile;

    @UriParam(defaultValue = "true",
              description = "Write the CEE cookie '@cee: ' before the JSON, as the original does: rsyslog's"
                            + " mmjsonparse looks for it by default, syslog-ng's json-parser with marker(\"@cee:\")."
                            + " false: plain JSON.")
    private boolean ceeCookie = true;

    @UriParam(defaultValue = "true",
              description = "RFC 5424: number the messages in the structured data element meta, parameter sequenceId"
                            + " (RFC 5424 section 7.3.1), so that a receiver can see gaps; false writes the NILVALUE.")
    private boolean sequenceId = true;

    @UriParam(description = "The HOSTNAME header field. Default: the kernel's host name.")
    private String hostname;

    @UriParam(defaultValue = Sender.DEFAULT_APP_NAME, description = "The APP-NAME (RFC 5424) or TAG (RFC 3164).")
    private String appName = Sender.DEFAULT_APP_NAME;

    @UriParam(defaultValue = "2048",
              description = "Datagram and packet transports (udp, unixgram, unixpacket): the largest message in bytes. A longer one is not"
                            + " sent and counts as failed (cut JSON would be unreadable). The largest events are"
                            + " about 1.3 KB.")
    @AtLeast(1)
    private int maxDatagramSize = 2048;

    @UriParam(label = "advanced", defaultValue = "5000",
              description = "How long to wait for a TCP/TLS connection to open, in milliseconds.")
    @AtLeast(1)
    private int connectTimeout = 5000;

    @UriParam(label = "advanced", defaultValue = "10000",
              description = "How long a write may take before it is given up (a server that stops reading), in"
                            + " milliseconds: the connection is closed and opened again; on a unix datagram socket the"
                            + " messages wait and are sent again.")
    @AtLeast(1)
    private int writeTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "100",
              description = "First delay before reconnecting to an unreachable server, in milliseconds; it doubles"
                            + " after each failed attempt.")
    @AtLeast(1)
    private long reconnectDelay = 100;

    @UriParam(label = "advanced", defaultValue = "10000",
              description = "Longest delay between reconnection attempts, in milliseconds.")
    @AtLeast(option = "reconnectDelay")
    private long maxReconnectDelay = 10_000;

    @Override
    public SyslogSinkConfiguration copy() {
        return (SyslogSinkConfiguration) super.copy();
    }

    /**
     * Also checks that the address parses, that a CA file can be used, whatever the scheme, and that a disk
     * buffer has a connected transport to acknowledge what it sends.
     */
    @Override
    public void validate() {
        super.validate();
        if (isDiskBuffered() && !syslogAddress().scheme().isConnected()) {
            throw new InvalidOptionException("buffer", "disk", "{}: a disk buffer needs a connected transport (tcp://,"
                    + " tls://, unix:// or unixpacket://), where a completed write acknowledges the events; {address}"
                    + " sends datagrams");
        }
        syslogAddress();
        if (caFile != null && !caFile.isBlank()) {
            trusting(Path.of(caFile));
        }
    }

    /**
     * The address, parsed.
     *
     * @throws InvalidOptionException saying what is wrong with it
     */
    public SyslogAddress syslogAddress() {
        try {
            return SyslogAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("address", address, "{} is not a syslog address: " + e.getMessage());
        }
    }

    /**
     * The TLS trust of a tls:// address: the CA file's certificates, or the JVM's trust store when there is
     * no CA file; {@code null} for the other schemes.
     *
     * @throws InvalidOptionException when the CA file cannot be used
     */
    public TlsClientContext tlsContext() {
        if (syslogAddress().scheme() != Scheme.TLS) {
            return null;
        }
        return trusting(caFile == null || caFile.isBlank() ? null : Path.of(caFile));
    }

    private TlsClientContext trusting(Path file) {
        try {
            return TlsClientContext.trusting(file);
        } catch (IOException e) {
            throw new InvalidOptionException("caFile", caFile, "{} cannot be used: " + e.getMessage());
        }
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public SyslogFormat getFormat() {
        return format;
    }

    public void setFormat(SyslogFormat format) {
        this.format = format;
    }

    public SyslogFacility getFacility() {
        return facility;
    }

    public void setFacility(SyslogFacility facility) {
        this.facility = facility;
    }

    public SyslogSeverity getSeverity() {
        return severity;
    }

    public void setSeverity(SyslogSeverity severity) {
        this.severity = severity;
    }

    public Framing getFraming() {
        return framing;
    }

    public void setFraming(Framing framing) {
        this.framing = framing;
    }

    public String getCaFile() {
        return caFile;
    }

    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }

    public boolean isCeeCookie() {
        return ceeCookie;
    }

    public void setCeeCookie(boolean ceeCookie) {
        this.ceeCookie = ceeCookie;
    }

    public boolean isSequenceId() {
        return sequenceId;
    }

    public void setSequenceId(boolean sequenceId) {
        this.sequenceId = sequenceId;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public String getAppName() {
        return appName;
    }

    public void setAppName(String appName) {
        this.appName = appName;
    }

    public int getMaxDatagramSize() {
        return maxDatagramSize;
    }

    public void setMaxDatagramSize(int maxDatagramSize) {
        this.maxDatagramSize = maxDatagramSize;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(int writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(long maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }
}
