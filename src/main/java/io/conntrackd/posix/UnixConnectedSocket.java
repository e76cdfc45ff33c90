package io.conntrackd.posix;

import java.nio.file.Path;
import java.time.Duration;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A connected Unix socket: a byte stream (AF_UNIX, SOCK_STREAM) or a sequence of packets
 * (SOCK_SEQPACKET: connected and reliable like a stream, but each send is one message that the
 * receiver reads whole). The JDK can open stream sockets too, but not with a send timeout and not
 * seqpacket ones; this one reports errno, which tells a peer that went away (EPIPE, ECONNRESET) from
 * other failures. One thread at a time.
 */
public final class UnixConnectedSocket implements AutoCloseable {

    private static final int MIN_BUFFER = 64 * 1024;

    private final LibC libc = Posix.libc();
    private final String path;
    private Pointer buffer;
    private int bufferSize;
    private int fd;

    private UnixConnectedSocket(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Connects a stream socket to {@code path}.
     *
     * @param sendTimeout how long a write (and the connect, when the server's backlog is full) may
     *                    wait; then it fails with EAGAIN
     */
    public static UnixConnectedSocket stream(Path path, Duration sendTimeout) throws NativeException {
        return connect(path, Linux.SOCK_STREAM, "SOCK_STREAM", sendTimeout);
    }

    /** Connects a seqpacket socket to {@code path}; {@code sendTimeout} as for {@link #stream}. */
    public static UnixConnectedSocket seqpacket(Path path, Duration sendTimeout) throws NativeException {
        return connect(path, Linux.SOCK_SEQPACKET, "SOCK_SEQPACKET", sendTimeout);
    }

    private static UnixConnectedSocket connect(Path path, int type, String typeName, Duration sendTimeout)
            throws NativeException {
        LibC libc = Posix.libc();
        Pointer address = UnixSocketAddress.of(path);
        int fd = libc.socket(Linux.AF_UNIX, type | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeException.lastError("socket(AF_UNIX, " + typeName + ")");
        }
        try {
            SocketOptions.setTimeval(fd, Linux.SOL_SOCKET, Linux.SO_SNDTIMEO, sendTimeout, "SO_SNDTIMEO");
            if (libc.connect(fd, address, UnixSocketAddress.length(path)) < 0) {
                throw NativeException.lastError("connect(" + path + ")");
            }
        } catch (NativeException e) {
            libc.close(fd);
            throw e;
        }
        return new UnixConnectedSocket(path.toString(), fd);
    }

    /**
     * Writes up to {@code length} bytes of {@code data} from {@code offset} with one send call and
     * returns how many the kernel took: on a stream possibly fewer (call again for the rest); on a
     * seqpacket socket the whole message, or it fails (EMSGSIZE when it exceeds the send buffer).
     */
    public int write(byte[] data, int offset, int length) throws NativeException {
        if (fd < 0) {
            throw new NativeException("socket for " + path + " is closed", Errno.EBADF);
        }
        if (bufferSize < length) {
            bufferSize = Math.max(MIN_BUFFER, length);
            buffer = Memory.allocateDirect(Posix.runtime(), bufferSize);
        }
        buffer.put(0, data, offset, length);
        while (true) {
            // sendto without an address is send(2); MSG_NOSIGNAL: EPIPE rather than SIGPIPE
            long n = libc.sendto(fd, buffer, length, Linux.MSG_NOSIGNAL, null, 0);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Posix.errno();
            if (errno != Errno.EINTR) {
                throw NativeException.of("send(" + path + ")", errno);
            }
        }
    }

    @Override
    public void close() {
        Posix.closeQuietly(fd);
        fd = -1;
    }
}
