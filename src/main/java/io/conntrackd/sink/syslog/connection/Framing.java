package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.netty.channel.ChannelHandler;
import org.apache.camel.component.syslog.netty.Rfc5425Encoder;

/** How messages are delimited on a stream transport (RFC 6587). */
public enum Framing {
    /** {@code LENGTH SP MESSAGE}: any message content is safe (RFC 6587 3.4.1, RFC 5425). */
    OCTET_COUNTING {
        @Override
        public void write(byte[] message, OutputStream out) throws IOException {
            out.write(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.write(message);
        }

        @Override
        ChannelHandler nettyEncoder() {
            return new Rfc5425Encoder();
        }
    },
    /** {@code MESSAGE LF}: the traditional framing; safe because our messages never contain a line feed. */
    NEWLINE {
        @Override
        public void write(byte[] message, OutputStream out) throws IOException {
            out.write(message);
            out.write('\n');
        }

        @Override
        ChannelHandler nettyEncoder() {
            return new NettyEncoders.NewlineFraming();
        }
    };

    /** Writes one framed message (unix stream sockets). */
    public abstract void write(byte[] message, OutputStream out) throws IOException;

    /** A new netty encoder that frames each message buffer (tcp and tls). */
    abstract ChannelHandler nettyEncoder();
}
