package io.conntrackd.sink.syslog.connection;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;

/**
 * The netty encoders of the syslog channels, after the formatted batch ({@link SyslogMessages}) that
 * the netty producer writes. Octet-counting framing is camel-syslog's {@code Rfc5425Encoder}.
 */
final class NettyEncoders {

    private NettyEncoders() {
    }

    /** Hands each message of a batch on as its own buffer, to the framing encoder of a stream. */
    static final class Messages extends MessageToMessageEncoder<SyslogMessages> {

        @Override
        protected void encode(ChannelHandlerContext ctx, SyslogMessages batch, List<Object> out) {
            for (byte[] message : batch.messages()) {
                out.add(Unpooled.wrappedBuffer(message));
            }
        }
    }

    /** {@code MESSAGE LF}: newline framing (RFC 6587 3.4.2). */
    static final class NewlineFraming extends MessageToMessageEncoder<ByteBuf> {

        private static final byte[] LF = {'\n'};

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf message, List<Object> out) {
            out.add(Unpooled.wrappedBuffer(message.retain(), Unpooled.wrappedBuffer(LF)));
        }
    }

    /**
     * Sends each message of a batch as its own UDP datagram (RFC 5426: one message per datagram). The
     * netty producer hands the batch over addressed to the server.
     */
    static final class Datagrams extends MessageToMessageEncoder<AddressedEnvelope<?, ?>> {

        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return msg instanceof AddressedEnvelope<?, ?> envelope && envelope.content() instanceof SyslogMessages;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, AddressedEnvelope<?, ?> envelope, List<Object> out) {
            InetSocketAddress recipient = (InetSocketAddress) envelope.recipient();
            for (byte[] message : ((SyslogMessages) envelope.content()).messages()) {
                out.add(new DatagramPacket(Unpooled.wrappedBuffer(message), recipient));
            }
        }
    }
}
