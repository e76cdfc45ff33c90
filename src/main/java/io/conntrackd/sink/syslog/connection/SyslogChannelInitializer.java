package io.conntrackd.sink.syslog.connection;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.apache.camel.component.netty.ClientInitializerFactory;
import org.apache.camel.component.netty.NettyProducer;
import org.apache.camel.component.netty.handlers.ClientChannelHandler;

/**
 * The pipeline of the syslog sink's netty channels: TLS (with host name verification, which camel-netty's
 * default pipeline cannot do because it creates engines without the peer's name), a write timeout so
 * that a server that stops reading cannot stall the sink, the framing or datagram encoders, and
 * camel-netty's client handler, which completes the exchange.
 */
final class SyslogChannelInitializer extends ClientInitializerFactory {

    private final SyslogAddress address;
    private final Framing framing;
    private final TlsClientContext tls;
    private final long writeTimeoutMillis;
    private final NettyProducer producer;

    SyslogChannelInitializer(SyslogAddress address, Framing framing, TlsClientContext tls, long writeTimeoutMillis) {
        this(address, framing, tls, writeTimeoutMillis, null);
    }

    private SyslogChannelInitializer(SyslogAddress address, Framing framing, TlsClientContext tls,
                                     long writeTimeoutMillis, NettyProducer producer) {
        this.address = address;
        this.framing = framing;
        this.tls = tls;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.producer = producer;
    }

    @Override
    public ClientInitializerFactory createPipelineFactory(NettyProducer producer) {
        return new SyslogChannelInitializer(address, framing, tls, writeTimeoutMillis, producer);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("ssl", new SslHandler(tls.newEngine(address.host(), address.port())));
        }
        if (address.scheme().isStream()) {
            pipeline.addLast("write-timeout", new WriteTimeoutHandler(writeTimeoutMillis, TimeUnit.MILLISECONDS));
            pipeline.addLast("framing", framing.nettyEncoder());
            pipeline.addLast("messages", new NettyEncoders.Messages());
        } else {
            pipeline.addLast("datagrams", new NettyEncoders.Datagrams());
        }
        pipeline.addLast("handler", new ClientChannelHandler(producer));
    }
}
