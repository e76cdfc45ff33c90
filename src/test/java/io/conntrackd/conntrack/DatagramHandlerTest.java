package io.conntrackd.conntrack;

import static io.conntrackd.conntrack.ConntrackMessages.*;
import static io.conntrackd.conntrack.CtFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.netlink.Netlink;
import io.conntrackd.netlink.NetlinkMessageBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatagramHandlerTest {

    private final DatagramHandler handler = new DatagramHandler(new ConntrackDecoder());
    private final List<ConntrackEvent> events = new ArrayList<>();

    private void handle(byte[] datagram) {
        handler.handle(datagram, datagram.length, 1L, events::add);
    }

    @Test
    void decodesEveryMessageOfADatagram() {
        handle(concat(tcpIpv4New(), icmpNew(), udpIpv6Destroy()));

        assertThat(events).extracting(ConntrackEvent::protocol).containsExactly(Protocol.TCP, Protocol.UDP);
        assertThat(handler.messages).isEqualTo(3);
        assertThat(handler.delivered).isEqualTo(2);
        assertThat(handler.ignored).isEqualTo(1); // ICMP
        assertThat(handler.malformed).isZero();
    }

    @Test
    void everyEventOfADatagramFromAnotherNamespaceCarriesIt() {
        PeerNamespace web = new PeerNamespace(7, "web");
        byte[] datagram = concat(tcpIpv4New(), udpIpv6Destroy());
        handler.handle(datagram, datagram.length, 1L, web, events::add);
        handle(tcpIpv4New());

        assertThat(events).extracting(ConntrackEvent::namespace).containsExactly(web, web, null);
    }

    @Test
    void malformedMessageIsCountedAndTheNextOneStillDecoded() {
        byte[] noTuple = newEvent(AF_INET).be32(Ctnetlink.CTA_ID, 1).build();
        handle(concat(noTuple, udpIpv6Destroy()));

        assertThat(handler.malformed).isEqualTo(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void brokenFramingDropsTheRestOfTheDatagram() {
        byte[] first = tcpIpv4New();
        byte[] second = udpIpv6Destroy();
        ByteBuffer.wrap(second).order(ByteOrder.nativeOrder()).putInt(0, 4000); // nlmsg_len overruns
        handle(concat(first, second, tcpIpv4New()));

        assertThat(events).hasSize(1);
        assertThat(handler.malformed).isEqualTo(1);
        assertThat(handler.messages).isEqualTo(1);
    }

    @Test
    void controlMessagesAreIgnoredAndDoneEndsTheDatagram() {
        byte[] noop = new NetlinkMessageBuilder().header(Netlink.NLMSG_NOOP, 0).build();
        byte[] error = new NetlinkMessageBuilder().header(Netlink.NLMSG_ERROR, 0).raw(new byte[] {-5, -1, -1, -1})
                .build();
        byte[] done = new NetlinkMessageBuilder().header(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI).build();
        handle(concat(noop, tcpIpv4New(), error, done, udpIpv6Destroy()));

        assertThat(events).hasSize(1);
        assertThat(handler.messages).isEqualTo(4); // nothing after NLMSG_DONE
        assertThat(handler.ignored).isEqualTo(3);
    }

    @Test
    void countsArePublishedAndReset() {
        handle(concat(tcpIpv4New(), icmpNew(), udpIpv6Destroy(), udpIpv6Destroy()));
        handler.truncated(8192);
        ReaderStats stats = new ReaderStats();
        handler.flushTo(stats);
        assertThat(stats.messagesReceived()).isEqualTo(4);
        assertThat(stats.eventsDelivered()).isEqualTo(3);
        assertThat(stats.eventsDelivered(EventType.NEW, Protocol.TCP)).isEqualTo(1);
        assertThat(stats.eventsDelivered(EventType.DESTROY, Protocol.UDP)).isEqualTo(2);
        assertThat(stats.eventsDelivered(EventType.NEW, Protocol.UDP)).isZero();
        assertThat(stats.ignored()).isEqualTo(1);
        assertThat(stats.malformed()).isEqualTo(1);
        handler.flushTo(stats);
        assertThat(stats.messagesReceived()).isEqualTo(4);
        assertThat(stats.eventsDelivered(EventType.DESTROY, Protocol.UDP)).isEqualTo(2);
    }

    @Test
    void randomDatagramsNeverThrow() {
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            byte[] d;
            if (random.nextBoolean()) {
                d = new byte[random.nextInt(600)];
                random.nextBytes(d);
            } else {
                d = concat(tcpIpv4New(), udpIpv6Destroy());
                d[random.nextInt(d.length)] = (byte) random.nextInt(256);
            }
            handler.handle(d, d.length, 0, e -> { });
        }
        assertThat(handler.messages + handler.malformed).isPositive();
    }

    private static byte[] concat(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
        }
        return out.toByteArray();
    }
}
