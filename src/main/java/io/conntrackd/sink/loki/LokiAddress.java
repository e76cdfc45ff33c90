package io.conntrackd.sink.loki;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where Loki listens: an {@code http} or {@code https} URL with a host and optionally a path prefix
 * (a reverse proxy's, for example); the push API and the readiness check are below it.
 */
public final class LokiAddress {

    /** Loki's push API, below the address. */
    public static final String PUSH_PATH = "/loki/api/v1/push";
    /** Loki's readiness check, below the address. */
    public static final String READY_PATH = "/ready";

    private final String base;

    private LokiAddress(String base) {
        this.base = base;
    }

    /**
     * Checks and normalizes an address such as {@code http://localhost:3100}.
     *
     * @throws IllegalArgumentException saying what is wrong; the message never repeats credentials
     */
    public static LokiAddress parse(String address) {
        URI uri;
        try {
            uri = new URI(address.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("credentials do not belong in the address: use a username with a"
                    + " password, or a token, given separately");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the URL must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return new LokiAddress(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** The push API's URL. */
    public String pushUrl() {
        return base + PUSH_PATH;
    }

    /** The readiness check's URL. */
    public String readyUrl() {
        return base + READY_PATH;
    }

    @Override
    public String toString() {
        return base;
    }
}
