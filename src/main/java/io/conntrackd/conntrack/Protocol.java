package io.conntrackd.conntrack;

/**
 * Transport protocols whose events are passed on. Like the original tool, events of every other
 * protocol (ICMP, SCTP, GRE, ...) are ignored by the decoder.
 */
public enum Protocol {
    TCP(Ctnetlink.IPPROTO_TCP),
    UDP(Ctnetlink.IPPROTO_UDP);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IANA protocol number (IPPROTO_TCP, IPPROTO_UDP). */
    public int number() {
        return number;
    }

    /** The protocol with this IANA number, or {@code null} when it is not passed on. */
    public static Protocol ofNumber(int number) {
        return switch (number) {
            case Ctnetlink.IPPROTO_TCP -> TCP;
            case Ctnetlink.IPPROTO_UDP -> UDP;
            default -> null;
        };
    }
}
