package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The start-up check of the original: can the syslog server be reached now? TCP and TLS open a
 * connection (TLS also completes the handshake, so an untrusted certificate shows at start-up) and
 * close it, and so do unix sockets; UDP can only resolve the host name.
 */
public final class SyslogProbe {

    private SyslogProbe() {
    }

    /**
     * Throws an exception saying why {@code address} cannot be used now.
     *
     * @param tls TLS settings for a tls:// address, else null
     */
    public static void check(SyslogAddress address, TlsClientContext tls, int timeoutMillis) throws IOException {
        switch (address.scheme()) {
            case UDP -> resolve(address);
            case TCP, TLS -> connect(address, tls, timeoutMillis);
            case UNIX -> UnixStreamConnection.probe(address, Duration.ofMillis(timeoutMillis));
            case UNIXGRAM -> UnixDatagramConnection.probe(address);
            case UNIXPACKET -> UnixPacketConnection.probe(address, Duration.ofMillis(timeoutMillis));
        }
    }

    private static void resolve(SyslogAddress address) throws IOException {
        try {
            InetAddress.getByName(address.host());
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve the host of " + address, e);
        }
    }

    private static void connect(SyslogAddress address, TlsClientContext tls, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMillis);
            } catch (IOException e) {
                throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
            }
            if (tls != null) {
                socket.setSoTimeout(timeoutMillis);
                try {
                    tls.handshake(socket, address.host(), address.port());
                } catch (IOException e) {
                    throw new IOException("TLS handshake with " + address + " failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
