package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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
    },
    /** {@code MESSAGE LF}: the traditional framing; safe because our messages never contain a line feed. */
    NEWLINE {
        @Override
        public void write(byte[] message, OutputStream out) throws IOException {
            out.write(message);
            out.write('\n');
        }
    };

    /** Writes one framed message. */
    public abstract void write(byte[] message, OutputStream out) throws IOException;
}
