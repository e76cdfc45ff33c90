package io.conntrackd.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * A receiver on a Unix seqpacket socket (AF_UNIX, SOCK_SEQPACKET) for tests: no syslog daemon listens
 * on one (rsyslog and syslog-ng cannot), so a test plays the server, accepts one connection at a time
 * and reads the packets as they arrived, byte for byte. Every wait is bounded by the timeout given.
 */
public final class SeqpacketServer implements AutoCloseable {

    /** The calls a server needs beyond the project's {@link LibC}. */
    public interface ServerCalls {
        /** {@code int listen(int fd, int backlog)}. */
        int listen(int fd, int backlog);

        /** {@code int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)}. */
        int accept4(int fd, Pointer address, Pointer addressLength, int flags);

        /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}. */
        @ssize_t long recv(int fd, Pointer buffer, @size_t long length, int flags);
    }

    private static final ServerCalls CALLS = LibraryLoader.create(ServerCalls.class).load("c");
    private static final int MAX_PACKET = 64 * 1024;

    private final LibC libc = Posix.libc();
    private final Path path;
    private final Duration timeout;
    private final Pointer buffer = Memory.allocateDirect(Posix.runtime(), MAX_PACKET);
    private int listener;
    private int connection = -1;

    private SeqpacketServer(Path path, int listener, Duration timeout) {
        this.path = path;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** Binds {@code path} and listens; {@link #receive} waits at most {@code timeout} for anything. */
    public static SeqpacketServer listen(Path path, Duration timeout) throws IOException {
        LibC libc = Posix.libc();
        int fd = libc.socket(Linux.AF_UNIX, Linux.SOCK_SEQPACKET | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeException.lastError("socket(AF_UNIX, SOCK_SEQPACKET)");
        }
        SeqpacketServer server = new SeqpacketServer(path, fd, timeout);
        try {
            if (libc.bind(fd, UnixSocketAddress.of(path), UnixSocketAddress.length(path)) < 0) {
                throw NativeException.lastError("bind(" + path + ")");
            }
            if (CALLS.listen(fd, 8) < 0) {
                throw NativeException.lastError("listen(" + path + ")");
            }
            // accept(2) honours SO_RCVTIMEO: EAGAIN when no client came in time
            SocketOptions.setTimeval(fd, Linux.SOL_SOCKET, Linux.SO_RCVTIMEO, timeout, "SO_RCVTIMEO");
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The next packet, whole: from the current connection, or from the next client once the current one
     * closed. Fails when nothing arrives within the timeout.
     */
    public byte[] receive() throws IOException {
        while (true) {
            if (connection < 0) {
                connection = accept();
            }
            long n = CALLS.recv(connection, buffer, MAX_PACKET, Linux.MSG_TRUNC);
            if (n < 0) {
                throw NativeException.lastError("recv on " + path + " (nothing within " + timeout + ")");
            }
            if (n == 0) { // the client closed its end
                dropConnection();
                continue;
            }
            if (n > MAX_PACKET) {
                throw new IOException("a packet of " + n + " bytes is larger than this server reads");
            }
            byte[] packet = new byte[(int) n];
            buffer.get(0, packet, 0, packet.length);
            return packet;
        }
    }

    private int accept() throws IOException {
        int fd = CALLS.accept4(listener, null, null, Linux.SOCK_CLOEXEC);
        if (fd < 0) {
            throw NativeException.lastError("accept on " + path + " (no client within " + timeout + ")");
        }
        SocketOptions.setTimeval(fd, Linux.SOL_SOCKET, Linux.SO_RCVTIMEO, timeout, "SO_RCVTIMEO");
        return fd;
    }

    /** Closes the current connection, as a server that goes away does; the listener stays. */
    public void dropConnection() {
        Posix.closeQuietly(connection);
        connection = -1;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        dropConnection();
        libc.close(listener);
        listener = -1;
        Files.deleteIfExists(path);
    }
}
