package io.conntrackd.sink.syslog.connection;

import java.util.Locale;

/** How syslog messages travel: the scheme of a syslog address. */
public enum Scheme {
    /** One datagram per message (RFC 5426). */
    UDP(false, false, false),
    /** A byte stream of framed messages (RFC 6587). */
    TCP(true, true, false),
    /** TCP with TLS (RFC 5425): framed messages, server certificate verified. */
    TLS(true, true, false),
    /** A Unix stream socket: framed messages. */
    UNIX(true, true, true),
    /** A Unix datagram socket such as /dev/log: one datagram per message. */
    UNIXGRAM(false, false, true),
    /** A Unix seqpacket socket: connected and reliable, one packet per message, no framing. */
    UNIXPACKET(false, true, true);

    private final boolean stream;
    private final boolean connected;
    private final boolean local;

    Scheme(boolean stream, boolean connected, boolean local) {
        this.stream = stream;
        this.connected = connected;
        this.local = local;
    }

    /**
     * Whether messages are framed on a byte stream (TCP, TLS, unix) rather than sent one per datagram
     * or packet, which bounds their size.
     */
    public boolean isStream() {
        return stream;
    }

    /**
     * Whether a completed write means the receiver's end has the messages: a connection that loses
     * nothing silently (TCP, TLS, unix, unixpacket), unlike datagrams.
     */
    public boolean isConnected() {
        return connected;
    }

    /** Whether the destination is a socket on this host (unix, unixgram, unixpacket). */
    public boolean isLocal() {
        return local;
    }

    /** The scheme as written in an address, e.g. {@code unixgram}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
