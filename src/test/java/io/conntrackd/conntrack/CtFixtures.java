package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.ConntrackMessages.*;
import static io.conntrackd.conntrack.Ctnetlink.*;

import io.conntrackd.netlink.NetlinkMessageBuilder;

/**
 * Conntrack messages built field by field, as the kernel lays them out (ctnetlink_conntrack_event):
 * nlmsghdr, nfgenmsg, then CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_ID, CTA_STATUS, and per event type
 * either CTA_TIMEOUT and CTA_PROTOINFO (NEW, UPDATE) or counters and timestamps (DESTROY); the parts come from
 * {@link ConntrackMessages}, which the start-up training run uses too.
 */
final class CtFixtures {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_ICMP = 1;

    static final int[] V4_CLIENT = {192, 0, 2, 10};
    static final int[] V4_SERVER = {198, 51, 100, 7};
    static final int[] V4_NAT_BACKEND = {10, 0, 0, 5};
    static final int[] V6_CLIENT = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a};
    static final int[] V6_SERVER = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};

    private CtFixtures() {
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
