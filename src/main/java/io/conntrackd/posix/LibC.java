package io.conntrackd.posix;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;
import jnr.ffi.types.socklen_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions this project calls through jnr-ffi. One shared interface for every
 * package: add functions here (with the C prototype in the comment) rather than loading libc a
 * second time. Get the instance from {@link Posix#libc()}.
 *
 * <p>Every call reports failure C-style (usually -1); read errno with {@link Posix#errno()}
 * straight after the call, on the same thread, before any other native call. Buffers and structs
 * are passed as {@link Pointer}s to native memory the caller lays out, so the hot paths do not
 * allocate or copy.
 */
public interface LibC {

    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol);

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t addrlen)}. */
    int bind(int fd, Pointer address, @socklen_t int addressLength);

    /** {@code int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)}. */
    int setsockopt(int fd, int level, int option, Pointer value, @socklen_t int valueLength);

    /**
     * {@code int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)};
     * {@code valueLength} points to a 4-byte in/out length.
     */
    int getsockopt(int fd, int level, int option, Pointer value, Pointer valueLength);

    /**
     * {@code int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags,
     * struct timespec *timeout)}; returns the number of messages received.
     */
    int recvmmsg(int fd, Pointer messages, int count, int flags, Pointer timeout);

    /** {@code int open(const char *path, int flags)} (no O_CREAT, so no mode argument). */
    int open(String path, int flags);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code int setns(int fd, int nstype)}: moves the calling thread into a namespace. */
    int setns(int fd, int namespaceType);

    /** {@code int connect(int fd, const struct sockaddr *addr, socklen_t addrlen)}. */
    int connect(int fd, Pointer address, @socklen_t int addressLength);

    /**
     * {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr
     * *dest_addr, socklen_t addrlen)}.
     */
    @ssize_t long sendto(int fd, Pointer buffer, @size_t long length, int flags, Pointer address,
                         @socklen_t int addressLength);

    /** {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}. */
    @ssize_t long sendmsg(int fd, Pointer message, int flags);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    @ssize_t long write(int fd, Pointer buffer, @size_t long count);

    /** {@code int memfd_create(const char *name, unsigned int flags)} (glibc 2.27+). */
    int memfd_create(String name, int flags);

    /**
     * {@code int fcntl(int fd, int cmd, ...)} with one int argument (F_ADD_SEALS, F_GETFL, ...): on
     * x86_64 and aarch64 Linux a variadic int travels like a fixed one.
     */
    int fcntl(int fd, int command, int argument);

    /** {@code char *strerror(int errnum)}. */
    String strerror(int errno);
}
