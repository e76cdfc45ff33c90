package io.conntrackd.posix;

import java.nio.file.Path;
import java.time.Duration;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The sending end of a Unix datagram socket (AF_UNIX, SOCK_DGRAM), which the JDK cannot open. It is
 * never connected: every send names the destination path, so the kernel looks the path up afresh
 * and a server that re-creates its socket (a restarted journald or syslog daemon) is reached again
 * with the next datagram, as sd_journal_sendv does.
 *
 * <p>Threads: {@link #send}, {@link #sendDescriptor} and {@link #close} are synchronized, so a close
 * waits for a send in progress (bounded by the send timeout) and never frees a descriptor number
 * that a sending thread still uses.
 */
public final class UnixDatagramSocket implements AutoCloseable {

    private final LibC libc = Posix.libc();
    private final String path;
    private final Pointer address;
    private final int addressLength;
    private Pointer buffer;
    private int bufferSize;
    private Pointer descriptorMessage;
    private int fd;

    /**
     * Opens a socket that sends to {@code destination}.
     *
     * @param sendTimeout    how long a send may wait while the receiver's queue is full; then it
     *                       fails with EAGAIN
     * @param sendBufferSize SO_SNDBUF to ask for, which also bounds the datagram size (the kernel
     *                       caps it at net.core.wmem_max); 0 keeps the default
     */
    public UnixDatagramSocket(Path destination, Duration sendTimeout, int sendBufferSize) throws NativeException {
        this.path = destination.toString();
        this.address = UnixSocketAddress.of(destination);
        this.addressLength = UnixSocketAddress.length(destination);
        this.bufferSize = 4096;
        this.buffer = Memory.allocateDirect(Posix.runtime(), bufferSize);
        this.fd = libc.socket(Linux.AF_UNIX, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeException.lastError("socket(AF_UNIX, SOCK_DGRAM)");
        }
        try {
            SocketOptions.setTimeval(fd, Linux.SOL_SOCKET, Linux.SO_SNDTIMEO, sendTimeout, "SO_SNDTIMEO");
            if (sendBufferSize > 0) {
                SocketOptions.trySetInt(fd, Linux.SOL_SOCKET, Linux.SO_SNDBUF, sendBufferSize); // best effort
            }
        } catch (NativeException e) {
            libc.close(fd);
            throw e;
        }
    }

    /**
     * Checks that a server is bound to {@code destination} now, without sending anything: connects a
     * throwaway socket. Fails with ENOENT when the path does not exist and ECONNREFUSED when nothing
     * is bound to it (a stale socket file).
     */
    public static void probe(Path destination) throws NativeException {
        LibC libc = Posix.libc();
        Pointer address = UnixSocketAddress.of(destination);
        int fd = libc.socket(Linux.AF_UNIX, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeException.lastError("socket(AF_UNIX, SOCK_DGRAM)");
        }
        try {
            if (libc.connect(fd, address, UnixSocketAddress.length(destination)) < 0) {
                throw NativeException.lastError("connect(" + destination + ")");
            }
        } finally {
            libc.close(fd);
        }
    }

    /** Sends the first {@code length} bytes of {@code data} as one datagram. */
    public synchronized void send(byte[] data, int length) throws NativeException {
        ensureOpen();
        if (bufferSize < length) {
            bufferSize = Math.max(length, bufferSize * 2);
            buffer = Memory.allocateDirect(Posix.runtime(), bufferSize);
        }
        buffer.put(0, data, 0, length);
        while (libc.sendto(fd, buffer, length, Linux.MSG_NOSIGNAL, address, addressLength) < 0) {
            int errno = Posix.errno();
            if (errno != Errno.EINTR) {
                throw NativeException.of("sendto(" + path + ")", errno);
            }
        }
    }

    /** Sends a datagram with an empty payload that passes {@code descriptor} (SCM_RIGHTS). */
    public synchronized void sendDescriptor(int descriptor) throws NativeException {
        ensureOpen();
        if (descriptorMessage == null) {
            descriptorMessage = newDescriptorMessage();
        }
        descriptorMessage.putInt(Linux.SIZEOF_MSGHDR + Linux.CMSG_DATA_OFFSET, descriptor);
        while (libc.sendmsg(fd, descriptorMessage, Linux.MSG_NOSIGNAL) < 0) {
            int errno = Posix.errno();
            if (errno != Errno.EINTR) {
                throw NativeException.of("sendmsg(" + path + ", SCM_RIGHTS)", errno);
            }
        }
    }

    /** A msghdr naming the destination, no payload, and one SCM_RIGHTS cmsghdr right behind it. */
    private Pointer newDescriptorMessage() {
        Pointer m = Memory.allocateDirect(Posix.runtime(), Linux.SIZEOF_MSGHDR + Linux.CMSG_SPACE_INT, true);
        Pointer control = m.slice(Linux.SIZEOF_MSGHDR);
        m.putPointer(0, address);                                 // msg_name
        m.putInt(8, addressLength);                               // msg_namelen
        m.putPointer(32, control);                                // msg_control
        m.putLong(40, Linux.CMSG_SPACE_INT);                      // msg_controllen
        control.putLong(0, Linux.CMSG_LEN_INT);                   // cmsg_len
        control.putInt(8, Linux.SOL_SOCKET);                      // cmsg_level
        control.putInt(12, Linux.SCM_RIGHTS);                     // cmsg_type
        return m;
    }

    private void ensureOpen() throws NativeException {
        if (fd < 0) {
            throw new NativeException("socket for " + path + " is closed", Errno.EBADF);
        }
    }

    @Override
    public synchronized void close() {
        Posix.closeQuietly(fd);
        fd = -1;
    }
}
