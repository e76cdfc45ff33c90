package io.conntrackd.conntrack;

/**
 * Transport protocols whose events are passed on. Like the original tool, events of every other
 * protocol (ICMP, SCTP, GRE, ...) are ignored by the decoder.
 */
public enum Protocol {
    TCP(6),
    UDP(17);

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
        return number == 6 ? TCP : number == 17 ? UDP : null;
    }
}
