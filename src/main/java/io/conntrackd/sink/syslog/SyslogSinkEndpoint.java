package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Sends conntrack events (a {@code ConntrackEvent} or a list of them) to a syslog server: RFC 5424 or
 * RFC 3164 messages whose MSG is the JSON of the original conntrackd's syslog sink, over UDP, TCP, TLS
 * or a unix socket.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-syslog", title = "Conntrack Syslog Sink",
             syntax = "conntrack-syslog:address", producerOnly = true,
             category = {Category.MONITORING, Category.NETWORKING})
public class SyslogSinkEndpoint extends SinkEndpoint {

    @UriPath(description = "Where to send: udp://host:port, tcp://host:port, tls://host:port, unix:///path"
                           + " (stream socket) or unixgram:///path (datagram socket, e.g. /dev/log).")
    @Metadata(required = true)
    private String address;

    @UriParam(defaultValue = "auto", enums = "auto,rfc5424,rfc3164",
              description = "Message format. auto: rfc3164 in the local form of syslog(3) (no hostname) on unix"
                            + " sockets, where syslog daemons expect it; rfc5424 on udp, tcp and tls.")
    private SyslogFormat format = SyslogFormat.AUTO;

    @UriParam(defaultValue = "daemon",
              enums = "kern,user,mail,daemon,auth,syslog,lpr,news,uucp,cron,authpriv,ftp,"
                      + "local0,local1,local2,local3,local4,local5,local6,local7",
              description = "Syslog facility of the messages (the severity is always informational).")
    private Facility facility = Facility.DAEMON;

    @UriParam(defaultValue = "octet-counting", enums = "octet-counting,newline",
              description = "Framing on stream transports (tcp, tls, unix), RFC 6587: octet-counting"
                            + " (LENGTH SP MESSAGE) or newline (MESSAGE LF).")
    private Framing framing = Framing.OCTET_COUNTING;

    @UriParam(label = "security",
              description = "For tls://: a PEM or DER file with the CA certificate(s) that the server's certificate"
                            + " must chain to. Default: the JVM's trust store.")
    private String caFile;

    @UriParam(defaultValue = "false",
              description = "Prefix the JSON with the CEE cookie, for receivers that look for it: rsyslog's"
                            + " mmjsonparse by default, syslog-ng's json-parser with a marker.")
    private boolean ceeCookie;

    @UriParam(defaultValue = "true",
              description = "RFC 5424: number the messages in the structured data element meta, parameter sequenceId"
                            + " (RFC 5424 section 7.3.1), so that a receiver can see gaps; false writes the NILVALUE.")
    private boolean sequenceId = true;

    @UriParam(description = "The HOSTNAME header field. Default: the kernel's host name.")
    private String hostname;

    @UriParam(defaultValue = Sender.DEFAULT_APP_NAME, description = "The APP-NAME (RFC 5424) or TAG (RFC 3164).")
    private String appName = Sender.DEFAULT_APP_NAME;

    @UriParam(defaultValue = "2048",
              description = "Datagram transports (udp, unixgram): the largest message in bytes. A longer one is not"
                            + " sent and counts as failed (cut JSON would be unreadable). The largest events are"
                            + " about 1.3 KB.")
    private int maxDatagramSize = 2048;

    @UriParam(label = "advanced", defaultValue = "5000",
              description = "How long to wait for a TCP/TLS connection to open, in milliseconds.")
    private int connectTimeout = 5000;

    @UriParam(label = "advanced", defaultValue = "10000",
              description = "How long a write may take before it is given up (a server that stops reading), in"
                            + " milliseconds: the connection is closed and opened again; on a unix datagram socket the"
                            + " messages wait and are sent again.")
    private int writeTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "100",
              description = "First delay before reconnecting to an unreachable server, in milliseconds; it doubles"
                            + " after each failed attempt.")
    private long reconnectDelay = 100;

    @UriParam(label = "advanced", defaultValue = "10000",
              description = "Longest delay between reconnection attempts, in milliseconds.")
    private long maxReconnectDelay = 10_000;

    private SyslogAddress parsedAddress;
    private TlsClientContext tls;

    public SyslogSinkEndpoint(String uri, SyslogSinkComponent component) {
        super(uri, component, "syslog");
    }

    /** Checks the address and loads the TLS trust material, so that mistakes show when the endpoint is made. */
    void validate() {
        try {
            parsedAddress = SyslogAddress.parse(address);
        } catch (IllegalArgumentException e) {
            // no cause: the message says it all, and the daemon prints the innermost message of a failure
            throw new IllegalArgumentException("invalid syslog address \"" + address + "\": " + e.getMessage());
        }
        if (parsedAddress.transport() == Transport.TLS) {
            try {
                tls = TlsClientContext.trusting(caFile == null || caFile.isBlank() ? null : Path.of(caFile));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot use caFile \"" + caFile + "\": " + e.getMessage());
            }
        }
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        Transport transport = parsedAddress.transport();
        Duration sendTimeout = Duration.ofMillis(writeTimeout);
        SyslogTransport channel = switch (transport) {
            case UNIX -> new UnixStreamTransport(parsedAddress, framing, sendTimeout);
            case UNIXGRAM -> new UnixDatagramTransport(parsedAddress, sendTimeout);
            default -> new NettyTransport(getCamelContext(), parsedAddress, framing, tls, connectTimeout, writeTimeout);
        };
        return new SyslogWriter(newFormatter(transport), channel, transport.isStream() ? 0 : maxDatagramSize,
                new Backoff(reconnectDelay, maxReconnectDelay), SinkClock.SYSTEM, parsedAddress.toString());
    }

    private SyslogFormatter newFormatter(Transport transport) {
        Sender sender = hostname == null ? Sender.thisProcess(appName)
                : new Sender(hostname, appName, ProcessHandle.current().pid());
        ZoneRules zone = ZoneId.systemDefault().getRules();
        if (format.on(transport) == SyslogFormat.RFC5424) {
            return new Rfc5424Formatter(facility, sender, zone, sequenceId, ceeCookie);
        }
        return new Rfc3164Formatter(facility, sender, zone, !transport.isLocal(), ceeCookie);
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

    public Facility getFacility() {
        return facility;
    }

    public void setFacility(Facility facility) {
        this.facility = facility;
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
