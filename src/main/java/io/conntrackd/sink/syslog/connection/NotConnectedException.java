package io.conntrackd.sink.syslog.connection;

import java.io.IOException;

/**
 * The syslog server cannot be reached (connection refused, socket missing or replaced, TLS handshake
 * failed): the messages from {@link #sent()} on were not sent and can be sent again once it is back.
 */
public final class NotConnectedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int sent;

    public NotConnectedException(String message, Throwable cause) {
        this(message, cause, 0);
    }

    /** @param sent how many messages at the start of the batch did reach the server */
    public NotConnectedException(String message, Throwable cause, int sent) {
        super(message, cause);
        this.sent = sent;
    }

    public int sent() {
        return sent;
    }
}
