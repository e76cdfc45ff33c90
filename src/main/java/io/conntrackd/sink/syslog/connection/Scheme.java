package io.conntrackd.sink.syslog.connection;

import java.util.Locale;

/** How syslog messages travel: the scheme of a syslog address. */
public enum Scheme {
    /** One datagram per message (RFC 5426). */
    UDP(false, false),
    /** A byte stream of framed messages (RFC 6587). */
    TCP(true, false),
    /** TCP with TLS (RFC 5425): framed messages, server certificate verified. */
    TLS(true, false),
    /** A Unix stream socket: framed messages. */
    UNIX(true, true),
    /** A Unix datagram socket such as /dev/log: one datagram per message. */
    UNIXGRAM(false, true);

    private final boolean stream;
    private final boolean local;

    Scheme(boolean stream, boolean local) {
        this.stream = stream;
        this.local = local;
    }

    /** Whether messages are framed on a byte stream (TCP, TLS, unix) rather than sent one per datagram. */
    public boolean isStream() {
        return stream;
    }

    /** Whether the destination is a socket on this host (unix, unixgram). */
    public boolean isLocal() {
        return local;
    }

    /** The scheme as written in an address, e.g. {@code unixgram}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
