package io.conntrackd.sink.syslog.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixConnectedSocket;

/** unix:// : a stream socket; a batch goes out as one buffer of framed messages. */
final class UnixStreamConnection extends UnixSocketConnection {

    private final Framing framing;

    UnixStreamConnection(SyslogAddress address, Framing framing, Duration sendTimeout) {
        super(address, UnixConnectedSocket::stream, sendTimeout);
        this.framing = framing;
    }

    /** Connects and disconnects: the start-up check. */
    static void probe(SyslogAddress address, Duration timeout) throws IOException {
        probe(address, UnixConnectedSocket::stream, timeout);
    }

    @Override
    void write(UnixConnectedSocket socket, List<byte[]> messages) throws IOException, WriteFailed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ends = new int[messages.size()];
        for (int i = 0; i < ends.length; i++) {
            framing.write(messages.get(i), out);
            ends[i] = out.size();
        }
        byte[] bytes = out.toByteArray();
        int written = 0;
        try {
            while (written < bytes.length) {
                written += socket.write(bytes, written, bytes.length - written);
            }
        } catch (NativeException e) {
            int complete = 0;
            while (complete < ends.length && ends[complete] <= written) {
                complete++;
            }
            throw new WriteFailed(e, complete);
        }
    }
}
