package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixDatagramSocket;

/**
 * unixgram:// (such as /dev/log): one message per datagram, each addressed to the socket path, so a
 * restarted daemon's new socket is reached with the next message. A send that finds no server (or a
 * full queue after the send timeout) leaves the rest of the batch to be sent again.
 */
final class UnixDatagramConnection implements SyslogConnection {

    private final SyslogAddress address;
    private final UnixDatagramSocket socket;

    UnixDatagramConnection(SyslogAddress address, Duration sendTimeout) throws NativeException {
        this.address = address;
        this.socket = new UnixDatagramSocket(Path.of(address.path()), sendTimeout, 0);
    }

    /** Checks that a server is bound to the path, sending nothing: the start-up check. */
    static void probe(SyslogAddress address) throws IOException {
        try {
            UnixDatagramSocket.probe(Path.of(address.path()));
        } catch (NativeException e) {
            throw UnixErrors.connectFailed(address, e);
        }
    }

    @Override
    public void send(List<byte[]> messages) throws IOException {
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            try {
                socket.send(message, message.length);
            } catch (NativeException e) {
                throw UnixErrors.classify(address, e, i);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
