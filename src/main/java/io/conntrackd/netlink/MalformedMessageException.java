package io.conntrackd.netlink;

/**
 * A netlink message that cannot be decoded: lengths that overrun, missing or mis-sized
 * attributes. Checked, so that every caller decides how to count it; it carries no stack trace
 * because a flood of garbage must stay cheap and the message says all there is to say.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
