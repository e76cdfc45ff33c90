package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixConnectedSocket;

/**
 * A connected unix socket (unix://, unixpacket://), opened on first use and again after the server
 * went away. When a write fails, the connection is closed (on a stream a partly written frame would
 * corrupt the next one) and the messages not written in full are sent again over the next one.
 */
abstract class UnixSocketConnection implements SyslogConnection {

    /** Opens the socket: a stream or a seqpacket one. */
    @FunctionalInterface
    interface Connector {
        UnixConnectedSocket connect(Path path, Duration sendTimeout) throws NativeException;
    }

    /** A write that failed after the first {@code complete} messages went out whole. */
    static final class WriteFailed extends Exception {

        private final int complete;

        WriteFailed(NativeException cause, int complete) {
            super(cause);
            this.complete = complete;
        }
    }

    private final SyslogAddress address;
    private final Path path;
    private final Connector connector;
    private final Duration sendTimeout;
    private UnixConnectedSocket socket;

    UnixSocketConnection(SyslogAddress address, Connector connector, Duration sendTimeout) {
        this.address = address;
        this.path = Path.of(address.path());
        this.connector = connector;
        this.sendTimeout = sendTimeout;
    }

    /** Connects and disconnects: the start-up check. */
    static void probe(SyslogAddress address, Connector connector, Duration timeout) throws IOException {
        try {
            connector.connect(Path.of(address.path()), timeout).close();
        } catch (NativeException e) {
            throw UnixErrors.connectFailed(address, e);
        }
    }

    @Override
    public final void send(List<byte[]> messages) throws IOException {
        if (socket == null) {
            try {
                socket = connector.connect(path, sendTimeout);
            } catch (NativeException e) {
                throw UnixErrors.connectFailed(address, e);
            }
        }
        try {
            write(socket, messages);
        } catch (WriteFailed e) {
            close();
            throw UnixErrors.classify(address, (NativeException) e.getCause(), e.complete);
        }
    }

    /** Writes every message, as the socket type needs. */
    abstract void write(UnixConnectedSocket socket, List<byte[]> messages) throws IOException, WriteFailed;

    @Override
    public final void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
