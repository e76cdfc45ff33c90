package io.conntrackd.sink.syslog;

import java.io.IOException;

/** The syslog server cannot be reached (connection refused, socket missing, TLS handshake failed): nothing was sent. */
final class NotConnectedException extends IOException {

    private static final long serialVersionUID = 1L;

    NotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
