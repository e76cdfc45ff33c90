package io.conntrackd.sink.syslog;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;

/**
 * Sends each message of a batch as its own UDP datagram (RFC 5426: one message per datagram). The
 * netty producer hands the batch over addressed to the server.
 */
final class DatagramEncoder extends MessageToMessageEncoder<AddressedEnvelope<?, ?>> {

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
