package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.conntrackd.support.Causes;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * UDP, TCP and TLS through a camel-netty producer. TCP and TLS keep ONE connection open (the daemon
 * sees its own connections as conntrack flows, so a connection per message would feed on itself);
 * when it breaks, the next send opens a new one. Each batch is one exchange: its framed messages in one
 * flush on a stream, or one datagram per message over UDP.
 */
final class NettyConnection implements SyslogConnection {

    /** Margin over the netty timeouts before a send that never completes is given up. */
    private static final long COMPLETION_MARGIN_MILLIS = 5_000;

    private final SyslogAddress address;
    private final NettyEndpoint endpoint;
    private final AsyncProducer producer;
    private final long completionLimitMillis;

    /**
     * Creates and starts the producer; it connects on the first send.
     *
     * @param tls TLS settings for {@link Scheme#TLS}, else null
     */
    NettyConnection(CamelContext context, SyslogAddress address, Framing framing, TlsClientContext tls,
                    int connectTimeoutMillis, int writeTimeoutMillis) throws Exception {
        this.address = address;
        String host = address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
        String uri = "netty:" + (address.scheme() == Scheme.UDP ? "udp" : "tcp") + "://" + host + ":"
                + address.port()
                // fire and forget; no camel codecs: our encoder writes the bytes
                + "?sync=false&allowDefaultCodec=false&disconnect=false"
                // one shared channel, opened on first use and reopened when it is gone
                + "&producerPoolEnabled=false&lazyChannelCreation=true"
                + "&connectTimeout=" + connectTimeoutMillis;
        this.endpoint = (NettyEndpoint) context.getComponent("netty", NettyComponent.class).createEndpoint(uri);
        this.endpoint.getConfiguration().setClientInitializerFactory(
                new SyslogChannelInitializer(address, framing, tls, writeTimeoutMillis));
        this.producer = endpoint.createAsyncProducer();
        this.completionLimitMillis = connectTimeoutMillis + writeTimeoutMillis + COMPLETION_MARGIN_MILLIS
                + (tls == null ? 0 : 10_000); // netty's TLS handshake timeout
        ServiceHelper.startService(endpoint, producer);
    }

    @Override
    public void send(List<byte[]> messages) throws IOException, InterruptedException {
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setBody(new SyslogMessages(messages));
        CountDownLatch done = new CountDownLatch(1);
        producer.process(exchange, doneSync -> done.countDown());
        if (!done.await(completionLimitMillis, TimeUnit.MILLISECONDS)) {
            throw new IOException("sending to " + address + " did not complete within " + completionLimitMillis
                    + " ms");
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            throw classify(failure);
        }
    }

    /** Tells "could not connect, nothing sent" from "failed while sending". */
    private IOException classify(Exception failure) {
        Throwable root = Causes.root(failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return new NotConnectedException("TLS handshake with " + address + " failed: " + t.getMessage(),
                        failure);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return new NotConnectedException("cannot connect to " + address + ": " + describe(root), failure);
            }
        }
        return new IOException("sending to " + address + " failed: " + describe(root), failure);
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownServices(producer, endpoint);
    }
}
