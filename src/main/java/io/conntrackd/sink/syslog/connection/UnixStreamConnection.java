package io.conntrackd.sink.syslog.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixStreamSocket;

/**
 * unix:// : one connected stream socket, opened on first use and again after the server went away.
 * A batch goes out as one buffer of framed messages. When a write fails, the connection is closed
 * (a partly written frame would corrupt the next one) and the messages not written in full are sent
 * again over the next connection.
 */
final class UnixStreamConnection implements SyslogConnection {

    private final SyslogAddress address;
    private final Path path;
    private final Framing framing;
    private final Duration sendTimeout;
    private UnixStreamSocket socket;

    UnixStreamConnection(SyslogAddress address, Framing framing, Duration sendTimeout) {
        this.address = address;
        this.path = Path.of(address.path());
        this.framing = framing;
        this.sendTimeout = sendTimeout;
    }

    /** Connects and disconnects: the start-up check. */
    static void probe(SyslogAddress address, Duration timeout) throws IOException {
        try (UnixStreamConnection t = new UnixStreamConnection(address, Framing.OCTET_COUNTING, timeout)) {
            t.connect();
        }
    }

    private void connect() throws NotConnectedException {
        try {
            socket = UnixStreamSocket.connect(path, sendTimeout);
        } catch (NativeException e) {
            throw UnixErrors.connectFailed(address, e);
        }
    }

    @Override
    public void send(List<byte[]> messages) throws IOException {
        if (socket == null) {
            connect();
        }
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
            close();
            int complete = 0;
            while (complete < ends.length && ends[complete] <= written) {
                complete++;
            }
            throw UnixErrors.classify(address, e, complete);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
