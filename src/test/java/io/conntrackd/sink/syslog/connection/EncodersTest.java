package io.conntrackd.sink.syslog.connection;

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

    /** Everything the channel wrote, in order, as text. */
    private static String written(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            text.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return text.toString();
    }

    /** The stream pipeline of {@link SyslogChannelInitializer}: framing, then the batch split into messages. */
    private static EmbeddedChannel stream(Framing framing) {
        return new EmbeddedChannel(framing.nettyEncoder(), new NettyEncoders.Messages());
    }

    @Test
    void aStreamGetsEveryMessageOfTheBatchFramedInOrder() {
        EmbeddedChannel octets = stream(Framing.OCTET_COUNTING);
        octets.writeOutbound(BATCH);
        assertThat(written(octets)).isEqualTo("23 <30>1 - - - - - {\"a\":1}34 <30>1 - - - - - {\"city\":\"Zürich\"}");

        EmbeddedChannel lines = stream(Framing.NEWLINE);
        lines.writeOutbound(BATCH);
        assertThat(written(lines)).isEqualTo("<30>1 - - - - - {\"a\":1}\n<30>1 - - - - - {\"city\":\"Zürich\"}\n");
    }

    @Test
    void udpGetsOneDatagramPerMessageAddressedToTheServer() {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 514);
        EmbeddedChannel channel = new EmbeddedChannel(new NettyEncoders.Datagrams());
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
