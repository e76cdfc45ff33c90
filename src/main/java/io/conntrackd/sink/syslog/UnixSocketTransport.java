package io.conntrackd.sink.syslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.Errno;
import io.conntrackd.posix.LibC;
import io.conntrackd.posix.Linux;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;
import io.conntrackd.posix.SocketOptions;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * unix:// (stream) and unixgram:// (datagram, such as /dev/log) sockets through jnr-ffi: the JDK has
 * no unix datagram sockets, and netty's native transport is not on the class path. One socket,
 * connected on first use and again after the server went away (a restarted daemon makes a new socket
 * file, and sends to the old one fail). A stream carries a batch as one buffer of framed messages; a
 * datagram socket one message per send. Sends block for at most the send timeout, so a daemon that
 * stops reading makes the sink wait (events queue up) instead of hanging it.
 */
final class UnixSocketTransport implements SyslogTransport {

    private static final int MIN_BUFFER = 64 * 1024;

    private final SyslogAddress address;
    private final Framing framing;
    private final Duration sendTimeout;
    private final LibC libc = Posix.libc();
    private final Pointer socketAddress;
    private final int socketAddressLength;
    private Pointer buffer;
    private int fd = -1;

    UnixSocketTransport(SyslogAddress address, Framing framing, Duration sendTimeout) {
        this.address = address;
        this.framing = framing;
        this.sendTimeout = sendTimeout;
        byte[] path = address.path().getBytes(StandardCharsets.UTF_8);
        // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }, path NUL-terminated
        this.socketAddress = Memory.allocateDirect(Posix.runtime(), Linux.SIZEOF_SOCKADDR_UN, true);
        this.socketAddress.putShort(0, (short) Linux.AF_UNIX);
        this.socketAddress.put(Linux.SUN_PATH_OFFSET, path, 0, path.length);
        this.socketAddressLength = Linux.SUN_PATH_OFFSET + path.length + 1;
    }

    /** Connects and disconnects: the start-up check. */
    static void probe(SyslogAddress address) throws IOException {
        try (UnixSocketTransport t = new UnixSocketTransport(address, Framing.OCTET_COUNTING, Duration.ofSeconds(5))) {
            t.connect();
        }
    }

    @Override
    public void send(List<byte[]> messages) throws IOException {
        if (fd < 0) {
            connect();
        }
        if (address.transport().isStream()) {
            sendStream(messages);
        } else {
            sendDatagrams(messages);
        }
    }

    private void connect() throws IOException {
        int type = address.transport().isStream() ? Linux.SOCK_STREAM : Linux.SOCK_DGRAM;
        int s = libc.socket(Linux.AF_UNIX, type | Linux.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw NativeException.lastError("socket(AF_UNIX)");
        }
        try {
            // before connect: a stream connect to a full backlog waits for the send timeout too
            SocketOptions.setTimeval(s, Linux.SOL_SOCKET, Linux.SO_SNDTIMEO, sendTimeout, "SO_SNDTIMEO");
        } catch (NativeException e) {
            Posix.closeQuietly(s);
            throw e;
        }
        if (libc.connect(s, socketAddress, socketAddressLength) < 0) {
            int errno = Posix.errno();
            Posix.closeQuietly(s);
            throw new NotConnectedException("cannot connect to " + address + ": " + Posix.strerror(errno),
                    NativeException.of("connect", errno));
        }
        fd = s;
    }

    private void sendDatagrams(List<byte[]> messages) throws IOException {
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            Pointer p = copyToNative(message);
            if (sendAll(p, message.length) < 0) {
                throw failure(Posix.errno(), i);
            }
        }
    }

    private void sendStream(List<byte[]> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ends = new int[messages.size()];
        for (int i = 0; i < ends.length; i++) {
            framing.write(messages.get(i), out);
            ends[i] = out.size();
        }
        byte[] bytes = out.toByteArray();
        long written = sendAll(copyToNative(bytes), bytes.length);
        if (written < 0) {
            int errno = Posix.errno();
            int complete = 0; // messages whose frames went out in full
            while (complete < ends.length && ends[complete] <= -written - 1) {
                complete++;
            }
            throw failure(errno, complete);
        }
    }

    /**
     * Sends {@code length} bytes from {@code p}; returns {@code length}, or {@code -1 - written} after a
     * failure with errno still set (for a datagram socket, written is 0).
     */
    private long sendAll(Pointer p, long length) {
        long written = 0;
        while (written < length) {
            long n = libc.send(fd, written == 0 ? p : p.slice(written), length - written, Linux.MSG_NOSIGNAL);
            if (n < 0) {
                if (Posix.errno() == Errno.EINTR) {
                    continue;
                }
                return -1 - written;
            }
            written += n;
        }
        return written;
    }

    /**
     * The exception for a failed send. A server that went away, replaced its socket or cannot take more
     * now: the rest of the batch can be sent again later. On a stream any failure ends the connection,
     * since a partly written frame would corrupt the next one.
     */
    private IOException failure(int errno, int sent) {
        boolean retryable = errno == Errno.EPIPE || errno == Errno.ECONNRESET || errno == Errno.ECONNREFUSED
                || errno == Errno.ENOTCONN || errno == Errno.ENOENT || errno == Errno.EAGAIN;
        if (address.transport().isStream() || errno != Errno.EAGAIN) {
            closeSocket();
        }
        String text = "sending to " + address + " failed: " + Posix.strerror(errno);
        NativeException cause = NativeException.of("send", errno);
        return retryable ? new NotConnectedException(text, cause, sent) : new IOException(text, cause);
    }

    private Pointer copyToNative(byte[] bytes) {
        if (buffer == null || buffer.size() < bytes.length) {
            buffer = Memory.allocateDirect(Posix.runtime(), Math.max(MIN_BUFFER, bytes.length));
        }
        buffer.put(0, bytes, 0, bytes.length);
        return buffer;
    }

    private void closeSocket() {
        Posix.closeQuietly(fd);
        fd = -1;
    }

    @Override
    public void close() {
        closeSocket();
    }
}
