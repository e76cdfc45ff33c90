package io.conntrackd.sink.syslog.format;

/**
 * Makes text safe for a syslog header field: RFC 5424 header fields are 1 to N printable US-ASCII
 * characters (33-126) with {@code -} meaning "no value"; RFC 3164 fields end at a space.
 */
final class HeaderText {

    /** RFC 5424's NILVALUE. */
    static final String NIL = "-";

    private HeaderText() {
    }

    /**
     * {@code value} with every character outside printable US-ASCII, and every one of
     * {@code alsoReplaced}, turned into {@code _}, cut to {@code maxLength}; {@link #NIL} if nothing is
     * left.
     */
    static String field(String value, int maxLength, String alsoReplaced) {
        if (value == null || value.isEmpty()) {
            return NIL;
        }
        int length = Math.min(value.length(), maxLength);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean printable = c >= 33 && c <= 126 && alsoReplaced.indexOf(c) < 0;
            sb.append(printable ? c : '_');
        }
        return sb.toString();
    }
}
