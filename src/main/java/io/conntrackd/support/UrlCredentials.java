package io.conntrackd.support;

/** Keeps the user information of URLs (user:password@) out of messages and logs. */
public final class UrlCredentials {

    private UrlCredentials() {
    }

    /** {@code text} with the user information of a URL in it replaced by {@code ***@}. */
    public static String masked(String text) {
        return text.replaceFirst("(?<=//)[^/?#]*@", "***@");
    }
}
