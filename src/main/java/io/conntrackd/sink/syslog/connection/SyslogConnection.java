package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;

/**
 * A connection to a syslog server that carries formatted messages. Used by the sink's worker thread
 * only.
 */
public interface SyslogConnection extends AutoCloseable {

    /**
     * The connection for {@code address}: netty for udp, tcp and tls, a unix socket for unix,
     * unixgram and unixpacket. Connections open on the first send.
     *
     * @param tls TLS settings for a tls:// address, else null
     */
    static SyslogConnection open(CamelContext context, SyslogAddress address, Framing framing, TlsClientContext tls,
                                 int connectTimeoutMillis, int writeTimeoutMillis) throws Exception {
        Duration sendTimeout = Duration.ofMillis(writeTimeoutMillis);
        return switch (address.scheme()) {
            case UNIX -> new UnixStreamConnection(address, framing, sendTimeout);
            case UNIXGRAM -> new UnixDatagramConnection(address, sendTimeout);
            case UNIXPACKET -> new UnixPacketConnection(address, sendTimeout);
            default -> new NettyConnection(context, address, framing, tls, connectTimeoutMillis, writeTimeoutMillis);
        };
    }

    /**
     * Sends the messages, each framed or in its own datagram as the scheme needs.
     *
     * @throws NotConnectedException the server cannot be reached now and nothing was sent
     * @throws IOException           sending failed; the messages may have been partly delivered
     */
    void send(List<byte[]> messages) throws IOException, InterruptedException;

    @Override
    void close();
}
