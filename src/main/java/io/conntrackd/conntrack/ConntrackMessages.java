package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.Ctnetlink.*;
import static io.conntrackd.netlink.Netlink.NLM_F_CREATE;
import static io.conntrackd.netlink.Netlink.NLM_F_EXCL;

import io.conntrackd.netlink.NetlinkMessageBuilder;

/**
 * The parts of a conntrack event message as the kernel lays them out (ctnetlink_conntrack_event), written with
 * {@link NetlinkMessageBuilder}: the synthetic events of the start-up training run ({@link TrainingEvents}) and
 * the tests' byte fixtures are made of them.
 */
final class ConntrackMessages {

    /** nlmsg_type of events: NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW / _DELETE. */
    static final int CT_NEW = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW;
    static final int CT_DELETE = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE;

    private ConntrackMessages() {
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
}
