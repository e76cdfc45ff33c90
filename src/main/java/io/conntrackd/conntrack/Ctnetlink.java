package io.conntrackd.conntrack;

/**
 * Constants of the conntrack netlink protocol, with the kernel's C names
 * (linux/netfilter/nfnetlink.h, linux/netfilter/nfnetlink_conntrack.h).
 */
final class Ctnetlink {

    private Ctnetlink() {
    }

    /** sizeof(struct nfgenmsg): u8 nfgen_family, u8 version, be16 res_id. */
    static final int SIZEOF_NFGENMSG = 4;

    // nlmsg_type = subsystem << 8 | message
    static final int NFNL_SUBSYS_CTNETLINK = 1;
    static final int IPCTNL_MSG_CT_NEW = 0;
    static final int IPCTNL_MSG_CT_DELETE = 2;

    // multicast groups (enum nfnetlink_groups as bits, NF_NETLINK_CONNTRACK_*)
    static final int NF_NETLINK_CONNTRACK_NEW = 1;
    static final int NF_NETLINK_CONNTRACK_UPDATE = 2;
    static final int NF_NETLINK_CONNTRACK_DESTROY = 4;

    // enum ctattr_type: top-level attributes
    static final int CTA_TUPLE_ORIG = 1;
    static final int CTA_TUPLE_REPLY = 2;
    static final int CTA_STATUS = 3;
    static final int CTA_PROTOINFO = 4;
    static final int CTA_TIMEOUT = 7;
    static final int CTA_MARK = 8;
    static final int CTA_COUNTERS_ORIG = 9;
    static final int CTA_COUNTERS_REPLY = 10;
    static final int CTA_ID = 12;
    static final int CTA_ZONE = 18;
    static final int CTA_TIMESTAMP = 20;

    // enum ctattr_tuple
    static final int CTA_TUPLE_IP = 1;
    static final int CTA_TUPLE_PROTO = 2;
    static final int CTA_TUPLE_ZONE = 3;

    // enum ctattr_ip
    static final int CTA_IP_V4_SRC = 1;
    static final int CTA_IP_V4_DST = 2;
    static final int CTA_IP_V6_SRC = 3;
    static final int CTA_IP_V6_DST = 4;

    // enum ctattr_l4proto
    static final int CTA_PROTO_NUM = 1;
    static final int CTA_PROTO_SRC_PORT = 2;
    static final int CTA_PROTO_DST_PORT = 3;

    // the protocol numbers of CTA_PROTO_NUM that we pass on (IPPROTO_* of netinet/in.h)
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;

    // enum ctattr_protoinfo and enum ctattr_protoinfo_tcp
    static final int CTA_PROTOINFO_TCP = 1;
    static final int CTA_PROTOINFO_TCP_STATE = 1;

    // enum ctattr_counters
    static final int CTA_COUNTERS_PACKETS = 1;   // be64
    static final int CTA_COUNTERS_BYTES = 2;     // be64
    static final int CTA_COUNTERS32_PACKETS = 3; // be32, old kernels
    static final int CTA_COUNTERS32_BYTES = 4;   // be32, old kernels

    // enum ctattr_tstamp
    static final int CTA_TIMESTAMP_START = 1;
    static final int CTA_TIMESTAMP_STOP = 2;
}
