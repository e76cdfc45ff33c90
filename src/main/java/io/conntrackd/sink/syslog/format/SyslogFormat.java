package io.conntrackd.sink.syslog.format;

import io.conntrackd.sink.syslog.connection.Scheme;

/** The syslog message format. */
public enum SyslogFormat {
    /**
     * RFC 3164 in the local form of glibc's syslog(3) on unix sockets, where syslog daemons expect it;
     * RFC 5424 on the network transports.
     */
    AUTO,
    /** The syslog protocol (RFC 5424): full timestamp, hostname, app-name, procid, msgid, structured data. */
    RFC5424,
    /** The traditional BSD format (RFC 3164): {@code <PRI>Mmm dd hh:mm:ss host tag[pid]: msg}. */
    RFC3164;

    /** The format used on {@code scheme}: {@link #AUTO} resolved, others as they are. */
    public SyslogFormat on(Scheme scheme) {
        if (this != AUTO) {
            return this;
        }
        return scheme.isLocal() ? RFC3164 : RFC5424;
    }
}
