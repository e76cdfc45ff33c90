package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixConnectedSocket;

/**
 * unixpacket:// : a seqpacket socket, connected and reliable like a stream, where each message is one
 * packet that the receiver reads whole; so no framing, as the original wrote to such a socket.
 */
final class UnixPacketConnection extends UnixSocketConnection {

    UnixPacketConnection(SyslogAddress address, Duration sendTimeout) {
        super(address, UnixConnectedSocket::seqpacket, sendTimeout);
    }

    /** Connects and disconnects: the start-up check. */
    static void probe(SyslogAddress address, Duration timeout) throws IOException {
        probe(address, UnixConnectedSocket::seqpacket, timeout);
    }

    @Override
    void write(UnixConnectedSocket socket, List<byte[]> messages) throws WriteFailed {
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            try {
                socket.write(message, 0, message.length);
            } catch (NativeException e) {
                throw new WriteFailed(e, i);
            }
        }
    }
}
