package io.conntrackd.sink.journal;

import java.nio.file.Path;
import java.time.Duration;

import io.conntrackd.posix.Errno;
import io.conntrackd.posix.LibC;
import io.conntrackd.posix.Linux;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;
import io.conntrackd.posix.UnixDatagramSocket;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Sends journal entries to journald's native socket the way sd_journal_sendv does: each entry as one
 * datagram, or, when it is too large for one (EMSGSIZE), written into a memfd that is sealed against
 * any further change and passed with SCM_RIGHTS in an otherwise empty datagram. journald reads such
 * an entry from the memfd up to its own limits (systemd 252: 768 MiB per field, 770 MiB per entry;
 * newer releases allow unprivileged senders 32 MiB per entry).
 */
final class JournalSocket implements AutoCloseable {

    /** The send buffer sd-journal asks for; the kernel caps it at net.core.wmem_max. */
    static final int SEND_BUFFER_SIZE = 8 * 1024 * 1024;

    private static final int ALL_SEALS = Linux.F_SEAL_SEAL | Linux.F_SEAL_SHRINK | Linux.F_SEAL_GROW
            | Linux.F_SEAL_WRITE;

    private final UnixDatagramSocket socket;

    JournalSocket(Path path, Duration sendTimeout) throws NativeException {
        this.socket = new UnixDatagramSocket(path, sendTimeout, SEND_BUFFER_SIZE);
    }

    /** Sends one entry; a failure names the system call and errno (ENOENT, ECONNREFUSED, EAGAIN...). */
    void send(JournalEntry entry) throws NativeException {
        try {
            socket.send(entry.buffer(), entry.length());
        } catch (NativeException e) {
            if (e.errno() != Errno.EMSGSIZE) {
                throw e;
            }
            sendInMemfd(entry);
        }
    }

    private void sendInMemfd(JournalEntry entry) throws NativeException {
        int memfd = sealedMemfd(entry.buffer(), entry.length());
        try {
            socket.sendDescriptor(memfd);
        } finally {
            Posix.closeQuietly(memfd);
        }
    }

    /** A memfd holding {@code data}, sealed so that journald can trust its content not to change. */
    private static int sealedMemfd(byte[] data, int length) throws NativeException {
        LibC libc = Posix.libc();
        int fd = libc.memfd_create("journal-entry", Linux.MFD_CLOEXEC | Linux.MFD_ALLOW_SEALING);
        if (fd < 0) {
            throw NativeException.lastError("memfd_create");
        }
        try {
            Pointer copy = Memory.allocateDirect(Posix.runtime(), length);
            copy.put(0, data, 0, length);
            long written = 0;
            while (written < length) {
                long n = libc.write(fd, copy.slice(written), length - written);
                if (n < 0) {
                    int errno = Posix.errno();
                    if (errno != Errno.EINTR) {
                        throw NativeException.of("write(memfd)", errno);
                    }
                } else {
                    written += n;
                }
            }
            if (libc.fcntl(fd, Linux.F_ADD_SEALS, ALL_SEALS) < 0) {
                throw NativeException.lastError("fcntl(memfd, F_ADD_SEALS)");
            }
            return fd;
        } catch (NativeException | RuntimeException e) {
            Posix.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
