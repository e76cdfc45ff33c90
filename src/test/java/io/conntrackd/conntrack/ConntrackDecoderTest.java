package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.ConntrackMessages.*;
import static io.conntrackd.conntrack.CtFixtures.*;
import static io.conntrackd.conntrack.Ctnetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.netlink.MalformedMessageException;
import io.conntrackd.netlink.NetlinkMessageBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConntrackDecoderTest {

    private static final long RECEIVED = 1_700_000_000_000_000_000L;

    private final ConntrackDecoder decoder = new ConntrackDecoder();

    private ConntrackEvent decode(byte[] message) throws MalformedMessageException {
        return decoder.decode(message, 0, message.length, RECEIVED);
    }

    @Test
    void decodesTcpIpv4NewWithEveryAttribute() throws Exception {
        ConntrackEvent e = decode(tcpIpv4New());

        assertThat(e.type()).isEqualTo(EventType.NEW);
        assertThat(e.family()).isEqualTo(Family.IPV4);
        assertThat(e.protocol()).isEqualTo(Protocol.TCP);
        assertThat(e.original()).isEqualTo(new Tuple(IpAddress.parse("192.0.2.10"), IpAddress.parse("198.51.100.7"),
                40000, 443));
        assertThat(e.reply()).isEqualTo(e.original().inverse());
        assertThat(e.isTranslated()).isFalse();
        assertThat(e.flowId()).isEqualTo(0xdeadbeefL);
        assertThat(e.status()).isEqualTo(0x188);
        assertThat(e.timeout()).isEqualTo(120);
        assertThat(e.tcpState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(e.mark()).isEqualTo(0x2a);
        assertThat(e.zone()).isEqualTo(3);
        assertThat(e.originalCounters()).isNull();
        assertThat(e.replyCounters()).isNull();
        assertThat(e.startNanos()).isEqualTo(-1);
        assertThat(e.stopNanos()).isEqualTo(-1);
        assertThat(e.receivedNanos()).isEqualTo(RECEIVED);
        assertThat(e.sourceLocation()).isNull();
    }

    @Test
    void replyTupleSharesTheOriginalsAddressObjects() throws Exception {
        ConntrackEvent e = decode(tcpIpv4New());
        assertThat(e.reply().source()).isSameAs(e.original().destination());
        assertThat(e.reply().destination()).isSameAs(e.original().source());
    }

    @Test
    void decodesUdpIpv6DestroyWithCountersAndTimestamps() throws Exception {
        ConntrackEvent e = decode(udpIpv6Destroy());

        assertThat(e.type()).isEqualTo(EventType.DESTROY);
        assertThat(e.family()).isEqualTo(Family.IPV6);
        assertThat(e.protocol()).isEqualTo(Protocol.UDP);
        assertThat(e.original().source()).hasToString("2001:db8::a");
        assertThat(e.original().destination()).hasToString("2001:db8:1::1");
        assertThat(e.original().sourcePort()).isEqualTo(5353);
        assertThat(e.original().destinationPort()).isEqualTo(53);
        assertThat(e.reply()).isEqualTo(e.original().inverse());
        assertThat(e.flowId()).isEqualTo(77);
        assertThat(e.status()).isEqualTo(0x18e);
        assertThat(e.originalCounters()).isEqualTo(new Counters(3, 300));
        assertThat(e.replyCounters()).isEqualTo(new Counters(2, 250));
        assertThat(e.startNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(e.stopNanos()).isEqualTo(1_700_000_030_987_654_321L);
        assertThat(e.tcpState()).isNull();
        assertThat(e.timeout()).isEqualTo(-1);
        assertThat(e.mark()).isEqualTo(-1);
        assertThat(e.zone()).isEqualTo(-1);
    }

    @Test
    void createFlagsTellNewFromUpdate() throws Exception {
        NetlinkMessageBuilder m = updateEvent(AF_INET);
        tuple(m, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_TCP, 40000, 443);
        tuple(m, CTA_TUPLE_REPLY, V4_SERVER, V4_CLIENT, IPPROTO_TCP, 443, 40000);
        tcpState(m, 3); // TCP_CONNTRACK_ESTABLISHED

        ConntrackEvent e = decode(m.build());

        assertThat(e.type()).isEqualTo(EventType.UPDATE);
        assertThat(e.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(e.flowId()).isZero(); // CTA_ID absent: the builder's default
    }

    @Test
    void eitherCreateFlagMeansNew() throws Exception {
        for (int flags : new int[] {0x400, 0x200}) {
            NetlinkMessageBuilder m = new NetlinkMessageBuilder().header(CT_NEW, flags).nfgenmsg(AF_INET);
            tuple(m, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_UDP, 1, 2);
            assertThat(decode(m.build()).type()).isEqualTo(EventType.NEW);
        }
    }

    @Test
    void replyTupleShowsNat() throws Exception {
        // DNAT: the client talks to 198.51.100.7:443, the backend 10.0.0.5:8443 answers
        NetlinkMessageBuilder m = newEvent(AF_INET);
        tuple(m, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_TCP, 40000, 443);
        tuple(m, CTA_TUPLE_REPLY, V4_NAT_BACKEND, V4_CLIENT, IPPROTO_TCP, 8443, 40000);

        ConntrackEvent e = decode(m.build());

        assertThat(e.isTranslated()).isTrue();
        assertThat(e.reply()).isEqualTo(new Tuple(IpAddress.parse("10.0.0.5"), IpAddress.parse("192.0.2.10"),
                8443, 40000));
        assertThat(e.reply().destination()).isSameAs(e.original().source());
    }

    @Test
    void replyTupleIsOptional() throws Exception {
        NetlinkMessageBuilder m = newEvent(AF_INET6);
        tuple(m, CTA_TUPLE_ORIG, V6_CLIENT, V6_SERVER, IPPROTO_UDP, 1000, 2000);
        ConntrackEvent e = decode(m.build());
        assertThat(e.reply()).isNull();
        assertThat(e.isTranslated()).isFalse();
    }

    @Test
    void tupleZoneIsUsedWhenThereIsNoCtaZone() throws Exception {
        NetlinkMessageBuilder m = newEvent(AF_INET);
        m.nest(CTA_TUPLE_ORIG)
                .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, V4_CLIENT).bytes(CTA_IP_V4_DST, V4_SERVER).end()
                .nest(CTA_TUPLE_PROTO).u8(CTA_PROTO_NUM, IPPROTO_UDP).be16(CTA_PROTO_SRC_PORT, 1)
                    .be16(CTA_PROTO_DST_PORT, 2).end()
                .be16(CTA_TUPLE_ZONE, 9)
            .end();
        assertThat(decode(m.build()).zone()).isEqualTo(9);
    }

    @Test
    void unknownAttributesAreSkippedAtEveryLevel() throws Exception {
        NetlinkMessageBuilder m = newEvent(AF_INET)
                .bytes(99, 1, 2, 3, 4, 5)                        // unknown top-level attribute
                .nest(CTA_TUPLE_ORIG)
                    .bytes(77)                                    // unknown, empty
                    .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, V4_CLIENT).bytes(9, 1).bytes(CTA_IP_V4_DST, V4_SERVER).end()
                    .nest(CTA_TUPLE_PROTO).u8(CTA_PROTO_NUM, IPPROTO_TCP).be16(CTA_PROTO_SRC_PORT, 5)
                        .be16(CTA_PROTO_DST_PORT, 6).end()
                .end()
                .be32(24, 0);                                     // CTA_SYNPROXY-sized noise
        ConntrackEvent e = decode(m.build());
        assertThat(e.original().sourcePort()).isEqualTo(5);
    }

    @Test
    void olderKernelsWithoutNestedFlagAndWith32BitCounters() throws Exception {
        NetlinkMessageBuilder m = destroyEvent(AF_INET)
                .nest(CTA_TUPLE_ORIG, false)
                    .nest(CTA_TUPLE_IP, false).bytes(CTA_IP_V4_SRC, V4_CLIENT).bytes(CTA_IP_V4_DST, V4_SERVER).end()
                    .nest(CTA_TUPLE_PROTO, false).u8(CTA_PROTO_NUM, IPPROTO_UDP).be16(CTA_PROTO_SRC_PORT, 1)
                        .be16(CTA_PROTO_DST_PORT, 2).end()
                .end()
                .nest(CTA_COUNTERS_ORIG, false)
                    .be32(CTA_COUNTERS32_PACKETS, 0xffffffffL)
                    .be32(CTA_COUNTERS32_BYTES, 10)
                .end();
        assertThat(decode(m.build()).originalCounters()).isEqualTo(new Counters(0xffffffffL, 10));
    }

    @Test
    void ignoresOtherProtocolsWithoutError() throws Exception {
        assertThat(decode(icmpNew())).isNull();
    }

    @Test
    void ignoresUnwantedTypesAndProtocols() throws Exception {
        ConntrackDecoder onlyUdpDestroy = new ConntrackDecoder(EnumSet.of(EventType.DESTROY), EnumSet.of(Protocol.UDP));
        byte[] tcpNew = tcpIpv4New();
        byte[] udpDestroy = udpIpv6Destroy();
        assertThat(onlyUdpDestroy.decode(tcpNew, 0, tcpNew.length, 0)).isNull();
        assertThat(onlyUdpDestroy.decode(udpDestroy, 0, udpDestroy.length, 0)).isNotNull();

        ConntrackDecoder onlyUdp = new ConntrackDecoder(EnumSet.allOf(EventType.class), EnumSet.of(Protocol.UDP));
        assertThat(onlyUdp.decode(tcpNew, 0, tcpNew.length, 0)).isNull();
    }

    @Test
    void ignoresOtherSubsystemsMessagesAndFamilies() throws Exception {
        byte[] expectation = new NetlinkMessageBuilder().header(2 << 8, 0).nfgenmsg(AF_INET).build(); // CTNETLINK_EXP
        assertThat(decode(expectation)).isNull();
        byte[] get = new NetlinkMessageBuilder().header(1 << 8 | 1, 0).nfgenmsg(AF_INET).build();  // IPCTNL_MSG_CT_GET
        assertThat(decode(get)).isNull();
        NetlinkMessageBuilder bridge = newEvent(7); // NFPROTO_BRIDGE
        tuple(bridge, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_TCP, 1, 2);
        assertThat(decode(bridge.build())).isNull();
    }

    @Test
    void decodesAMessageInsideALargerBuffer() throws Exception {
        byte[] message = udpIpv6Destroy();
        byte[] buffer = new byte[message.length + 100];
        System.arraycopy(message, 0, buffer, 40, message.length);
        ConntrackEvent e = decoder.decode(buffer, 40, message.length + 60, RECEIVED);
        assertThat(e.original().destinationPort()).isEqualTo(53);
    }

    @Test
    void missingOriginalTupleIsMalformed() {
        byte[] m = newEvent(AF_INET).be32(CTA_ID, 1).build();
        assertThatThrownBy(() -> decode(m)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("CTA_TUPLE_ORIG");
    }

    @Test
    void missingPortsOrProtocolOrAddressIsMalformed() {
        byte[] noPorts = newEvent(AF_INET).nest(CTA_TUPLE_ORIG)
                .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, V4_CLIENT).bytes(CTA_IP_V4_DST, V4_SERVER).end()
                .nest(CTA_TUPLE_PROTO).u8(CTA_PROTO_NUM, IPPROTO_TCP).end()
                .end().build();
        assertThatThrownBy(() -> decode(noPorts)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("ports");

        byte[] noProtocol = newEvent(AF_INET).nest(CTA_TUPLE_ORIG)
                .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, V4_CLIENT).bytes(CTA_IP_V4_DST, V4_SERVER).end()
                .end().build();
        assertThatThrownBy(() -> decode(noProtocol)).isInstanceOf(MalformedMessageException.class);

        byte[] noDestination = newEvent(AF_INET).nest(CTA_TUPLE_ORIG)
                .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, V4_CLIENT).end()
                .nest(CTA_TUPLE_PROTO).u8(CTA_PROTO_NUM, IPPROTO_UDP).be16(CTA_PROTO_SRC_PORT, 1)
                    .be16(CTA_PROTO_DST_PORT, 2).end()
                .end().build();
        assertThatThrownBy(() -> decode(noDestination)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("address");
    }

    @Test
    void addressOfTheWrongLengthOrFamilyIsMalformed() {
        NetlinkMessageBuilder shortAddress = newEvent(AF_INET).nest(CTA_TUPLE_ORIG)
                .nest(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC, 1, 2, 3).bytes(CTA_IP_V4_DST, V4_SERVER).end().end();
        assertThatThrownBy(() -> decode(shortAddress.build())).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected 4");

        NetlinkMessageBuilder v6InV4 = newEvent(AF_INET);
        tuple(v6InV4, CTA_TUPLE_ORIG, V6_CLIENT, V6_SERVER, IPPROTO_UDP, 1, 2);
        assertThatThrownBy(() -> decode(v6InV4.build())).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("family");
    }

    @Test
    void wrongSizedNumbersAreMalformed() {
        NetlinkMessageBuilder m = newEvent(AF_INET);
        tuple(m, CTA_TUPLE_ORIG, V4_CLIENT, V4_SERVER, IPPROTO_UDP, 1, 2);
        m.be16(CTA_STATUS, 1); // CTA_STATUS is a be32
        assertThatThrownBy(() -> decode(m.build())).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void messageWithoutNfgenmsgIsMalformed() {
        byte[] m = new NetlinkMessageBuilder().header(CT_NEW, 0).build(); // 16 bytes
        assertThatThrownBy(() -> decode(m)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nfgenmsg");
    }

    @Test
    void truncationAtEveryLengthIsMalformed() {
        for (byte[] full : new byte[][] {tcpIpv4New(), udpIpv6Destroy(), icmpNew()}) {
            for (int length = 0; length < full.length; length++) {
                byte[] cut = Arrays.copyOf(full, length);
                int l = length;
                assertThatThrownBy(() -> decoder.decode(cut, 0, cut.length, 0))
                        .as("cut at %d of %d", l, full.length)
                        .isInstanceOf(MalformedMessageException.class);
            }
        }
    }

    @Test
    void truncationWithAConsistentHeaderNeverThrowsUnchecked() {
        // nlmsg_len says the cut length, so the attributes themselves are cut
        for (byte[] full : new byte[][] {tcpIpv4New(), udpIpv6Destroy(), icmpNew()}) {
            for (int length = 0; length < full.length; length++) {
                byte[] cut = Arrays.copyOf(full, length);
                if (length >= 4) {
                    ByteBuffer.wrap(cut).order(ByteOrder.nativeOrder()).putInt(0, length);
                }
                try {
                    decoder.decode(cut, 0, cut.length, 0); // an event (cut between attributes) or null
                } catch (MalformedMessageException expected) {
                    // fine
                }
            }
        }
    }

    @Test
    void cutInsideTheOriginalTupleIsMalformed() {
        byte[] full = tcpIpv4New();
        // nlmsghdr 16 + nfgenmsg 4, CTA_TUPLE_ORIG header at 20, its contents 24..
        int tupleEnd = 20 + (full[20] & 0xff | (full[21] & 0xff) << 8);
        for (int length = 21; length < tupleEnd; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            ByteBuffer.wrap(cut).order(ByteOrder.nativeOrder()).putInt(0, length);
            assertThatThrownBy(() -> decoder.decode(cut, 0, cut.length, 0))
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void randomGarbageNeverThrowsUnchecked() {
        Random random = new Random(20240601);
        int[] outcomes = new int[3];
        for (int i = 0; i < 200_000; i++) {
            byte[] garbage = new byte[random.nextInt(400)];
            random.nextBytes(garbage);
            if (garbage.length >= 20 && random.nextBoolean()) {
                // a plausible header more often than chance, so the attribute parser gets exercised
                ByteBuffer b = ByteBuffer.wrap(garbage).order(ByteOrder.nativeOrder());
                b.putInt(0, random.nextInt(garbage.length + 1));
                b.putShort(4, (short) (random.nextBoolean() ? CT_NEW : CT_DELETE));
                garbage[16] = (byte) (random.nextBoolean() ? AF_INET : AF_INET6);
            }
            outcomes[outcome(garbage)]++;
        }
        // the seed fixes the input (a changed count means changed decoding): random bytes never pass as an event
        assertThat(outcomes).as("decoded, ignored, malformed").containsExactly(0, 0, 200_000);
    }

    /** 0 if {@code message} decodes to an event, 1 if the decoder ignores it (null), 2 if it is malformed. */
    private int outcome(byte[] message) {
        try {
            return decoder.decode(message, 0, message.length, 0) != null ? 0 : 1;
        } catch (MalformedMessageException expected) {
            return 2;
        }
    }

    @Test
    void mutatedValidMessagesNeverThrowUnchecked() {
        Random random = new Random(42);
        int[] outcomes = new int[3];
        byte[][] fixtures = {tcpIpv4New(), udpIpv6Destroy(), icmpNew()};
        for (int i = 0; i < 100_000; i++) {
            byte[] m = fixtures[i % fixtures.length].clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 20 + random.nextInt(m.length - 20); // keep the header: exercise the attributes
                m[at] = (byte) random.nextInt(256);
            }
            outcomes[outcome(m)]++;
        }
        // the seed fixes the input: a changed count means changed decoding
        assertThat(outcomes).as("decoded, ignored, malformed").containsExactly(23_043, 13_666, 63_291);
    }

    @Test
    void decoderIsReusableAfterMalformedInput() throws Exception {
        byte[] bad = newEvent(AF_INET).be32(CTA_ID, 1).build();
        assertThatThrownBy(() -> decode(bad)).isInstanceOf(MalformedMessageException.class);
        assertThat(decode(udpIpv6Destroy()).original().sourcePort()).isEqualTo(5353);
        byte[] noReply = newEvent(AF_INET).build();
        assertThatThrownBy(() -> decode(noReply)).isInstanceOf(MalformedMessageException.class);
    }
}
