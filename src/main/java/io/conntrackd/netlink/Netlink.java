package io.conntrackd.netlink;

/** Netlink protocol constants (linux/netlink.h), with their C names. */
public final class Netlink {

    private Netlink() {
    }

    // protocols: the third argument of socket(AF_NETLINK, ...)
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_NETFILTER = 12;

    // setsockopt level and options
    public static final int SOL_NETLINK = 270;
    /** Do not report ENOBUFS on overrun; the kernel then drops only the events that did not fit. */
    public static final int NETLINK_NO_ENOBUFS = 5;
    /**
     * Also receive the multicast messages of the other network namespaces that have an id in the socket's
     * (needs CAP_NET_BROADCAST); each comes with a control message of this level and type holding the id.
     */
    public static final int NETLINK_LISTEN_ALL_NSID = 8;
    /** NETNSA_NSID_NOT_ASSIGNED: a namespace without an id; also what we say for the socket's own namespace. */
    public static final int NSID_NOT_ASSIGNED = -1;

    // rtnetlink (linux/rtnetlink.h, linux/net_namespace.h): the id of a namespace in the socket's
    /** Answer to RTM_GETNSID: struct rtgenmsg and NETNSA_NSID. */
    public static final int RTM_NEWNSID = 88;
    public static final int RTM_GETNSID = 90;
    /** struct rtgenmsg: u8 rtgen_family, padded to NLMSG_ALIGN. */
    public static final int SIZEOF_RTGENMSG_ALIGNED = 4;
    /** s32, host byte order: the id, or {@link #NSID_NOT_ASSIGNED}. */
    public static final int NETNSA_NSID = 1;
    /** u32: a file descriptor of the namespace asked about (open /var/run/netns/NAME or /proc/PID/ns/net). */
    public static final int NETNSA_FD = 3;

    /** sizeof(struct sockaddr_nl): u16 family, u16 pad, u32 pid, u32 groups. */
    public static final int SIZEOF_SOCKADDR_NL = 12;

    // struct nlmsghdr: u32 nlmsg_len, u16 nlmsg_type, u16 nlmsg_flags, u32 nlmsg_seq, u32 nlmsg_pid
    public static final int NLMSG_HDRLEN = 16;
    /** struct nlattr: u16 nla_len, u16 nla_type. */
    public static final int NLA_HDRLEN = 4;
    public static final int NLMSG_ALIGNTO = 4;

    // control message types; every value below NLMSG_MIN_TYPE is reserved for them
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int NLMSG_MIN_TYPE = 0x10;

    // nlmsg_flags
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    // nla_type flag bits
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    /** NLMSG_ALIGN / NLA_ALIGN: rounds a length up to a multiple of 4. */
    public static int align(int length) {
        return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
