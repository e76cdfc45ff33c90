package io.conntrackd.sink.syslog.connection;

import java.io.IOException;

import io.conntrackd.posix.Errno;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;

/** What a failed call on a unix socket means for the sink. */
final class UnixErrors {

    private UnixErrors() {
    }

    /**
     * The server went away, replaced or removed its socket, or cannot take more now: the messages from
     * {@code sent} on can be sent again later ({@link NotConnectedException}). Anything else fails them.
     */
    static IOException classify(SyslogAddress address, NativeException e, int sent) {
        int errno = e.errno();
        String text = "sending to " + address + " failed: " + Posix.strerror(errno);
        boolean serverAway = errno == Errno.ENOENT || errno == Errno.ECONNREFUSED || errno == Errno.EPIPE
                || errno == Errno.ECONNRESET || errno == Errno.ENOTCONN || errno == Errno.EAGAIN;
        return serverAway ? new NotConnectedException(text, e, sent) : new IOException(text, e);
    }

    /** "cannot connect to ADDRESS: reason", for a failed connect. */
    static NotConnectedException connectFailed(SyslogAddress address, NativeException e) {
        return new NotConnectedException("cannot connect to " + address + ": " + Posix.strerror(e.errno()), e);
    }
}
