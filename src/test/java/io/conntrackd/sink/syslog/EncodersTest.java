package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

/** The netty encoders on exact bytes. */
class EncodersTest {

    private static final SyslogMessages BATCH = new SyslogMessages(List.of(
            "<30>1 - - - - - {\"a\":1}".getBytes(StandardCharsets.UTF_8),
            "<30>1 - - - - - {\"city\":\"Zürich\"}".getBytes(StandardCharsets.UTF_8)));

    private static String written(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void aStreamGetsTheWholeBatchFramedInOneBuffer() {
        EmbeddedChannel octets = new EmbeddedChannel(new StreamFrameEncoder(Framing.OCTET_COUNTING));
        octets.writeOutbound(BATCH);
        assertThat(written(octets)).isEqualTo("23 <30>1 - - - - - {\"a\":1}34 <30>1 - - - - - {\"city\":\"Zürich\"}");
        assertThat((Object) octets.readOutbound()).isNull();

        EmbeddedChannel lines = new EmbeddedChannel(new StreamFrameEncoder(Framing.NEWLINE));
        lines.writeOutbound(BATCH);
        assertThat(written(lines)).isEqualTo("<30>1 - - - - - {\"a\":1}\n<30>1 - - - - - {\"city\":\"Zürich\"}\n");
    }

    @Test
    void udpGetsOneDatagramPerMessageAddressedToTheServer() {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 514);
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramEncoder());
        channel.writeOutbound(new DefaultAddressedEnvelope<>(BATCH, server));

        for (String expected : List.of("<30>1 - - - - - {\"a\":1}", "<30>1 - - - - - {\"city\":\"Zürich\"}")) {
            DatagramPacket packet = channel.readOutbound();
            assertThat(packet.recipient()).isEqualTo(server);
            assertThat(packet.content().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            packet.release();
        }
        assertThat((Object) channel.readOutbound()).isNull();
    }
}
