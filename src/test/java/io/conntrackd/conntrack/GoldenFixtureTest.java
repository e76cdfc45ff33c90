package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decodes datagrams captured from a real kernel (see the header of the fixture file and
 * {@link GoldenCapture}) and checks every field against what the traffic was.
 */
class GoldenFixtureTest {

    private static final String FIXTURE = "/fixtures/kernel-6.18-tcp4-udp6.hex";
    private static final IpAddress V4_LOOPBACK = IpAddress.parse("127.0.0.1");
    private static final IpAddress V6_LOOPBACK = IpAddress.parse("::1");
    private static final Tuple TCP = new Tuple(V4_LOOPBACK, V4_LOOPBACK, 56306, 39423);
    private static final Tuple UDP = new Tuple(V6_LOOPBACK, V6_LOOPBACK, 33637, 45197);
    private static final long TCP_ID = 1190208256L;
    private static final long UDP_ID = 4010831805L; // above 2^31: unsigned

    // IPS_* status bits (linux/netfilter/nf_conntrack_common.h)
    private static final long SEEN_REPLY = 0x2;
    private static final long ASSURED = 0x4;
    private static final long CONFIRMED = 0x8;
    private static final long DYING = 0x200;

    private static List<byte[]> datagrams;

    @BeforeAll
    static void load() throws IOException {
        datagrams = new ArrayList<>();
        try (InputStream in = GoldenFixtureTest.class.getResourceAsStream(FIXTURE)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    datagrams.add(HexFormat.of().parseHex(line.trim()));
                }
            }
        }
    }

    private static List<ConntrackEvent> decodeAll() {
        // the fixture's headers are little-endian, as captured
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixture was captured on a little-endian host");
        List<ConntrackEvent> events = new ArrayList<>();
        DatagramHandler handler = new DatagramHandler(new ConntrackDecoder());
        for (byte[] d : datagrams) {
            handler.handle(d, d.length, 5L, events::add);
        }
        assertThat(handler.malformed).isZero();
        assertThat(handler.ignored).isZero();
        assertThat(handler.messages).isEqualTo(datagrams.size()); // one event per datagram
        return events;
    }

    @Test
    void tcpFlowGoesThroughItsStatesInKernelOrder() {
        List<ConntrackEvent> tcp = decodeAll().stream().filter(e -> e.protocol() == Protocol.TCP).toList();

        assertThat(tcp).extracting(ConntrackEvent::type).containsExactly(EventType.NEW, EventType.UPDATE,
                EventType.UPDATE, EventType.UPDATE, EventType.UPDATE, EventType.UPDATE, EventType.DESTROY);
        assertThat(tcp).extracting(ConntrackEvent::tcpState).containsExactly(TcpState.SYN_SENT, TcpState.SYN_RECV,
                TcpState.ESTABLISHED, TcpState.FIN_WAIT, TcpState.LAST_ACK, TcpState.TIME_WAIT, TcpState.TIME_WAIT);
        assertThat(tcp).extracting(ConntrackEvent::timeout).containsExactly(120L, 60L, 432000L, 120L, 30L, 120L, 119L);
        assertThat(tcp).extracting(ConntrackEvent::status).containsExactly(CONFIRMED, CONFIRMED | SEEN_REPLY,
                CONFIRMED | SEEN_REPLY | ASSURED, CONFIRMED | SEEN_REPLY | ASSURED, CONFIRMED | SEEN_REPLY | ASSURED,
                CONFIRMED | SEEN_REPLY | ASSURED, DYING | CONFIRMED | SEEN_REPLY | ASSURED);
        for (ConntrackEvent e : tcp) {
            assertThat(e.flowId()).isEqualTo(TCP_ID);
            assertThat(e.family()).isEqualTo(Family.IPV4);
            assertThat(e.original()).isEqualTo(TCP);
            assertThat(e.reply()).isEqualTo(TCP.inverse());
            assertThat(e.isTranslated()).isFalse();
            assertThat(e.mark()).isEqualTo(-1);  // mark 0 is not sent
            assertThat(e.zone()).isEqualTo(-1);  // default zone is not sent
            assertThat(e.receivedNanos()).isEqualTo(5L);
        }
    }

    @Test
    void countersAndTimestampsComeWithDestroyOnly() {
        List<ConntrackEvent> events = decodeAll();
        for (ConntrackEvent e : events) {
            if (e.type() == EventType.DESTROY) {
                assertThat(e.originalCounters()).isNotNull();
                assertThat(e.startNanos()).isPositive();
                assertThat(e.stopNanos()).isGreaterThanOrEqualTo(e.startNanos());
            } else {
                assertThat(e.originalCounters()).isNull();
                assertThat(e.replyCounters()).isNull();
                assertThat(e.startNanos()).isEqualTo(-1);
                assertThat(e.stopNanos()).isEqualTo(-1);
            }
        }
        ConntrackEvent tcpDestroy = events.get(events.size() - 1);
        assertThat(tcpDestroy.flowId()).isEqualTo(TCP_ID);
        assertThat(tcpDestroy.originalCounters()).isEqualTo(new Counters(6, 321));
        assertThat(tcpDestroy.replyCounters()).isEqualTo(new Counters(4, 217));
        assertThat(tcpDestroy.startNanos()).isEqualTo(1795795552033525169L);
        assertThat(tcpDestroy.stopNanos()).isEqualTo(1795795552188783371L);
    }

    @Test
    void udpFlowOverIpv6() {
        List<ConntrackEvent> udp = decodeAll().stream().filter(e -> e.protocol() == Protocol.UDP).toList();

        assertThat(udp).extracting(ConntrackEvent::type).containsExactly(EventType.NEW, EventType.UPDATE,
                EventType.DESTROY);
        assertThat(udp).extracting(ConntrackEvent::status).containsExactly(CONFIRMED, CONFIRMED | SEEN_REPLY,
                DYING | CONFIRMED | SEEN_REPLY);
        assertThat(udp).extracting(ConntrackEvent::timeout).containsExactly(30L, 30L, 29L);
        for (ConntrackEvent e : udp) {
            assertThat(e.flowId()).isEqualTo(UDP_ID);
            assertThat(e.family()).isEqualTo(Family.IPV6);
            assertThat(e.original()).isEqualTo(UDP);
            assertThat(e.original().source()).hasToString("::1");
            assertThat(e.reply()).isEqualTo(UDP.inverse());
            assertThat(e.tcpState()).isNull();
        }
        ConntrackEvent destroy = udp.get(2);
        assertThat(destroy.originalCounters()).isEqualTo(new Counters(1, 49));
        assertThat(destroy.replyCounters()).isEqualTo(new Counters(1, 49));
        assertThat(destroy.startNanos()).isEqualTo(1795795552158165647L);
        assertThat(destroy.stopNanos()).isEqualTo(1795795552188707600L);
    }
}
