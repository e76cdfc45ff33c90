package io.conntrackd.posix;

/**
 * Constants of the Linux ABI on 64-bit platforms (x86_64, aarch64), with their C names. Kept in
 * one place so that struct layouts and flag values are not repeated across packages.
 */
public final class Linux {

    private Linux() {
    }

    // address families (sys/socket.h)
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;

    // socket types and type flags
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;

    // SOL_SOCKET options (asm-generic/socket.h)
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    /** struct timeval; this is SO_RCVTIMEO_OLD, whose timeval has a 64-bit tv_sec on 64-bit platforms. */
    public static final int SO_RCVTIMEO = 20;
    /** struct timeval, like {@link #SO_RCVTIMEO}: a blocking send gives up with EAGAIN after it. */
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    /** u32[SK_MEMINFO_VARS]; index {@link #SK_MEMINFO_DROPS} counts packets dropped for this socket. */
    public static final int SO_MEMINFO = 55;
    public static final int SK_MEMINFO_DROPS = 8;
    public static final int SK_MEMINFO_VARS = 9;

    // recv flags and msg_flags
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    /** send: report a closed stream as EPIPE without raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** recvmmsg: block for the first message only, then take what is queued. */
    public static final int MSG_WAITFORONE = 0x10000;

    // open(2) flags
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;

    // setns(2)
    public static final int CLONE_NEWNET = 0x40000000;

    /** sizeof(struct sockaddr_un): sa_family_t sun_family, char sun_path[108]. */
    public static final int SIZEOF_SOCKADDR_UN = 110;
    public static final int SUN_PATH_OFFSET = 2;

    /** sizeof(struct timeval) on 64-bit: long tv_sec, long tv_usec. */
    public static final int SIZEOF_TIMEVAL = 16;
}
