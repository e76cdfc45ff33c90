package io.conntrackd.sink.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a batch of messages onto a TCP/TLS stream as one buffer, each message framed. */
final class StreamFrameEncoder extends MessageToByteEncoder<SyslogMessages> {

    private final Framing framing;

    StreamFrameEncoder(Framing framing) {
        super(SyslogMessages.class);
        this.framing = framing;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SyslogMessages batch, ByteBuf out) throws Exception {
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            for (byte[] message : batch.messages()) {
                framing.write(message, stream);
            }
        }
    }
}
