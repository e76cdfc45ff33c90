package io.conntrackd.netlink;

/** Netlink protocol constants (linux/netlink.h), with their C names. */
public final class Netlink {

    private Netlink() {
    }

    // protocols: the third argument of socket(AF_NETLINK, ...)
    public static final int NETLINK_NETFILTER = 12;

    // setsockopt level and options
    public static final int SOL_NETLINK = 270;
    /** Do not report ENOBUFS on overrun; the kernel then drops only the events that did not fit. */
    public static final int NETLINK_NO_ENOBUFS = 5;

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
