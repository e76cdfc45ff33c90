package io.conntrackd.posix;

/** errno values used by this project (Linux, asm-generic/errno-base.h and errno.h). */
public final class Errno {

    private Errno() {
    }

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11; // also EWOULDBLOCK
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int ECONNREFUSED = 111;

    /** Whether errno says the caller lacks a privilege (EPERM or EACCES). */
    public static boolean isPermissionError(int errno) {
        return errno == EPERM || errno == EACCES;
    }
}
