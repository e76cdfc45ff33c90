package io.conntrackd.sink.syslog.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.conntrackd.posix.Linux;

/**
 * Where syslog messages go: {@code udp://host:port}, {@code tcp://host:port}, {@code tls://host:port},
 * {@code unix:///path}, {@code unixgram:///path} or {@code unixpacket:///path}.
 *
 * @param scheme    how messages travel
 * @param host      host name or IP literal (without brackets) for network transports, else {@code null}
 * @param port      port for network transports, else -1
 * @param path      socket path for unix transports, else {@code null}
 */
public record SyslogAddress(Scheme scheme, String host, int port, String path) {

    /** sizeof(sockaddr_un.sun_path) on Linux, less the terminating NUL. */
    public static final int MAX_SOCKET_PATH_BYTES = Linux.SIZEOF_SOCKADDR_UN - Linux.SUN_PATH_OFFSET - 1;

    /** Parses an address; the exception's message says what is wrong with it. */
    public static SyslogAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.indexOf("://");
        if (colon <= 0) {
            throw new IllegalArgumentException("expected scheme://..., for example udp://localhost:514 or"
                    + " unixgram:///dev/log");
        }
        Scheme scheme = schemeOf(value.substring(0, colon));
        return scheme.isLocal() ? local(scheme, value.substring(colon + 3)) : network(scheme, value);
    }

    private static Scheme schemeOf(String scheme) {
        try {
            return Scheme.valueOf(scheme.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scheme \"" + scheme + "\" (expected one of "
                    + Arrays.stream(Scheme.values()).map(Scheme::text).collect(Collectors.joining(", "))
                    + ")", e);
        }
    }

    private static SyslogAddress local(Scheme scheme, String path) {
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("expected an absolute socket path, as in " + scheme.text()
                    + ":///dev/log");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("socket path is longer than " + MAX_SOCKET_PATH_BYTES + " bytes");
        }
        return new SyslogAddress(scheme, null, -1, path);
    }

    private static SyslogAddress network(Scheme scheme, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid address: " + e.getReason(), e);
        }
        String host = uri.getHost();
        if (host == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("expected " + scheme.text() + "://host:port");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("port " + uri.getPort() + " is out of range 1-65535");
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("expected nothing but " + scheme.text() + "://host:port");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SyslogAddress(scheme, host, uri.getPort(), null);
    }

    /** The address as text, in the form {@link #parse} reads. */
    @Override
    public String toString() {
        if (scheme.isLocal()) {
            return scheme.text() + "://" + path;
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme.text() + "://" + h + ":" + port;
    }
}
