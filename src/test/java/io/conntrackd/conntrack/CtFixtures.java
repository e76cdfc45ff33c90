package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.Ctnetlink.*;
import static io.conntrackd.netlink.Netlink.NLM_F_CREATE;
import static io.conntrackd.netlink.Netlink.NLM_F_EXCL;

import io.conntrackd.netlink.NetlinkMessageBuilder;

/**
 * Conntrack messages built field by field, as the kernel lays them out (ctnetlink_conntrack_event):
 * nlmsghdr, nfgenmsg, then CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_ID, CTA_STATUS, and per event type
 * either CTA_TIMEOUT and CTA_PROTOINFO (NEW, UPDATE) or counters and timestamps (DESTROY).
 */
final class CtFixtures {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_ICMP = 1;

    /** nlmsg_type of events: NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW / _DELETE. */
    static final int CT_NEW = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW;
    static final int CT_DELETE = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE;

    static final int[] V4_CLIENT = {192, 0, 2, 10};
    static final int[] V4_SERVER = {198, 51, 100, 7};
    static final int[] V4_NAT_BACKEND = {10, 0, 0, 5};
    static final int[] V6_CLIENT = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a};
    static final int[] V6_SERVER = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};

    private CtFixtures() {
    }

    /** nlmsghdr + nfgenmsg of a NEW event. */
    static NetlinkMessageBuilder newEvent(int family) {
        return new NetlinkMessageBuilder()
                .header(CT_NEW, NLM_F_CREATE | NLM_F_EXCL) // nlmsg_type, nlmsg_flags: a new entry
                .nfgenmsg(family);                         // nfgen_family, version 0, res_id 0
    }

    /** nlmsghdr + nfgenmsg of an UPDATE event: IPCTNL_MSG_CT_NEW without create flags. */
    static NetlinkMessageBuilder updateEvent(int family) {
        return new NetlinkMessageBuilder().header(CT_NEW, 0).nfgenmsg(family);
    }

    /** nlmsghdr + nfgenmsg of a DESTROY event. */
    static NetlinkMessageBuilder destroyEvent(int family) {
        return new NetlinkMessageBuilder().header(CT_DELETE, 0).nfgenmsg(family);
    }

    /** CTA_TUPLE_ORIG or CTA_TUPLE_REPLY { CTA_TUPLE_IP {src, dst}, CTA_TUPLE_PROTO {num, ports} }. */
    static NetlinkMessageBuilder tuple(NetlinkMessageBuilder m, int which, int[] src, int[] dst, int protocol,
                                       int sport, int dport) {
        boolean v6 = src.length == 16;
        return m.nest(which)
                .nest(CTA_TUPLE_IP)
                    .bytes(v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, src)
                    .bytes(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, dst)
                .end()
                .nest(CTA_TUPLE_PROTO)
                    .u8(CTA_PROTO_NUM, protocol)
                    .be16(CTA_PROTO_SRC_PORT, sport)
                    .be16(CTA_PROTO_DST_PORT, dport)
                .end()
            .end();
    }

    /** CTA_PROTOINFO { CTA_PROTOINFO_TCP { state, wscale original/reply, flags original/reply } }. */
    static NetlinkMessageBuilder tcpState(NetlinkMessageBuilder m, int state) {
        return m.nest(CTA_PROTOINFO)
                .nest(CTA_PROTOINFO_TCP)
                    .u8(CTA_PROTOINFO_TCP_STATE, state)
                    .u8(2, 7)                      // CTA_PROTOINFO_TCP_WSCALE_ORIGINAL
                    .u8(3, 7)                      // CTA_PROTOINFO_TCP_WSCALE_REPLY
                    .bytes(4, 0x0a, 0, 0x0a, 0)    // CTA_PROTOINFO_TCP_FLAGS_ORIGINAL (struct nf_ct_tcp_flags)
                    .bytes(5, 0x0a, 0, 0x0a, 0)    // CTA_PROTOINFO_TCP_FLAGS_REPLY
                .end()
            .end();
    }

    /** CTA_COUNTERS_ORIG or _REPLY { CTA_COUNTERS_PACKETS be64, CTA_COUNTERS_BYTES be64 }. */
    static NetlinkMessageBuilder counters(NetlinkMessageBuilder m, int which, long packets, long bytes) {
        return m.nest(which)
                .be64(CTA_COUNTERS_PACKETS, packets)
                .be64(CTA_COUNTERS_BYTES, bytes)
            .end();
    }

    /** CTA_TIMESTAMP { CTA_TIMESTAMP_START be64 ns, CTA_TIMESTAMP_STOP be64 ns }. */
    static NetlinkMessageBuilder timestamps(NetlinkMessageBuilder m, long start, long stop) {
        return m.nest(CTA_TIMESTAMP)
                .be64(CTA_TIMESTAMP_START, start)
                .be64(CTA_TIMESTAMP_STOP, stop)
            .end();
    }

    /**
     * A NEW event of an IPv4 TCP flow 192.0.2.10:40000 -> 198.51.100.7:443 with every attribute
     * the decoder reads: reply tuple, id, status, timeout, TCP state, mark, zone.
     */
    static byte[] tcpIpv4New() {
        NetlinkMessageBuilder m = newEvent(AF_INET);
        tuple(m, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_TCP, 40000, 443);
        tuple(m, CTA_TUPLE_REPLY, V4_SERVER, V4_CLIENT, IPPROTO_TCP, 443, 40000);
        m.be32(CTA_ID, 0xdeadbeefL)          // above 2^31: must come out unsigned
         .be32(CTA_STATUS, 0x188)            // IPS_CONFIRMED | IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE
         .be32(CTA_TIMEOUT, 120);
        tcpState(m, 1);                      // TCP_CONNTRACK_SYN_SENT
        return m.be32(CTA_MARK, 0x2a)
                .be16(CTA_ZONE, 3)
                .build();
    }

    /**
     * A DESTROY event of an IPv6 UDP flow [2001:db8::a]:5353 -> [2001:db8:1::1]:53 with counters
     * and timestamps, as sent with nf_conntrack_acct and nf_conntrack_timestamp on.
     */
    static byte[] udpIpv6Destroy() {
        NetlinkMessageBuilder m = destroyEvent(AF_INET6);
        tuple(m, CTA_TUPLE_ORIG, V6_CLIENT, V6_SERVER, IPPROTO_UDP, 5353, 53);
        tuple(m, CTA_TUPLE_REPLY, V6_SERVER, V6_CLIENT, IPPROTO_UDP, 53, 5353);
        m.be32(CTA_ID, 77)
         .be32(CTA_STATUS, 0x18e);          // SEEN_REPLY | ASSURED | CONFIRMED | NAT_DONE bits
        counters(m, CTA_COUNTERS_ORIG, 3, 300);
        counters(m, CTA_COUNTERS_REPLY, 2, 250);
        timestamps(m, 1_700_000_000_123_456_789L, 1_700_000_030_987_654_321L);
        return m.build();
    }

    /** An ICMP echo flow's NEW event: CTA_TUPLE_PROTO carries id/type/code instead of ports. */
    static byte[] icmpNew() {
        return newEvent(AF_INET)
                .nest(CTA_TUPLE_ORIG)
                    .nest(CTA_TUPLE_IP)
                        .bytes(CTA_IP_V4_SRC, 127, 0, 0, 1)
                        .bytes(CTA_IP_V4_DST, 127, 0, 0, 1)
                    .end()
                    .nest(CTA_TUPLE_PROTO)
                        .u8(CTA_PROTO_NUM, IPPROTO_ICMP)
                        .be16(4, 0x1234)           // CTA_PROTO_ICMP_ID
                        .u8(5, 8)                  // CTA_PROTO_ICMP_TYPE: echo request
                        .u8(6, 0)                  // CTA_PROTO_ICMP_CODE
                    .end()
                .end()
                .be32(CTA_ID, 5)
                .build();
    }
}
