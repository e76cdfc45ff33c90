package io.conntrackd.conntrack;

/** Layer 3 address family of a flow. */
public enum Family {
    /** AF_INET. */
    IPV4(2),
    /** AF_INET6. */
    IPV6(10);

    private final int number;

    Family(int number) {
        this.number = number;
    }

    /** The kernel's AF_* constant. */
    public int number() {
        return number;
    }

    /** The family with this AF_* constant, or {@code null} for any other family. */
    public static Family ofNumber(int number) {
        return number == 2 ? IPV4 : number == 10 ? IPV6 : null;
    }
}
