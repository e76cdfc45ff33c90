package io.conntrackd.posix;

/**
 * Constants of the Linux ABI on 64-bit platforms (x86_64, aarch64), with their C names. Kept in
 * one place so that struct layouts and flag values are not repeated across packages.
 */
public final class Linux {

    private Linux() {
    }

    // address families (sys/socket.h)
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;

    // socket types and type flags
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 0x80000;

    // SOL_SOCKET options (asm-generic/socket.h)
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    /** struct timeval; this is SO_RCVTIMEO_OLD, whose timeval has a 64-bit tv_sec on 64-bit platforms. */
    public static final int SO_RCVTIMEO = 20;
    /** struct timeval, 64-bit layout like {@link #SO_RCVTIMEO} (SO_SNDTIMEO_OLD). */
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    /** u32[SK_MEMINFO_VARS]; index {@link #SK_MEMINFO_DROPS} counts packets dropped for this socket. */
    public static final int SO_MEMINFO = 55;
    public static final int SK_MEMINFO_DROPS = 8;
    public static final int SK_MEMINFO_VARS = 9;

    // ancillary data (SOL_SOCKET level)
    public static final int SCM_RIGHTS = 1;

    // send/recv flags and msg_flags
    /** send: no SIGPIPE when the peer is gone (EPIPE instead). */
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    /** recvmmsg: block for the first message only, then take what is queued. */
    public static final int MSG_WAITFORONE = 0x10000;

    // open(2) flags
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;

    // setns(2)
    public static final int CLONE_NEWNET = 0x40000000;

    // memfd_create(2) flags and fcntl(2) file seals (linux/memfd.h, linux/fcntl.h)
    public static final int MFD_CLOEXEC = 0x1;
    public static final int MFD_ALLOW_SEALING = 0x2;
    public static final int F_ADD_SEALS = 1024 + 9;
    public static final int F_SEAL_SEAL = 0x1;
    public static final int F_SEAL_SHRINK = 0x2;
    public static final int F_SEAL_GROW = 0x4;
    public static final int F_SEAL_WRITE = 0x8;

    /** struct sockaddr_un: sa_family_t sun_family (2 bytes), char sun_path[108]. */
    public static final int SIZEOF_SOCKADDR_UN = 110;
    public static final int SUN_PATH_OFFSET = 2;
    public static final int SUN_PATH_MAX = 108;

    /**
     * struct msghdr on 64-bit: void *msg_name (0), socklen_t msg_namelen (8), struct iovec *msg_iov
     * (16), size_t msg_iovlen (24), void *msg_control (32), size_t msg_controllen (40), int
     * msg_flags (48).
     */
    public static final int SIZEOF_MSGHDR = 56;
    /** struct cmsghdr on 64-bit: size_t cmsg_len (0), int cmsg_level (8), int cmsg_type (12), data (16). */
    public static final int CMSG_DATA_OFFSET = 16;
    /** CMSG_SPACE(sizeof(int)): header plus one int, padded to 8 bytes. */
    public static final int CMSG_SPACE_INT = 24;
    /** CMSG_LEN(sizeof(int)). */
    public static final int CMSG_LEN_INT = 20;

    /** sizeof(struct timeval) on 64-bit: long tv_sec, long tv_usec. */
    public static final int SIZEOF_TIMEVAL = 16;
}
