package io.conntrackd.conntrack;

/** TCP states as conntrack tracks them (enum tcp_conntrack in linux/netfilter/nf_conntrack_tcp.h). */
public enum TcpState {
    NONE,        // TCP_CONNTRACK_NONE
    SYN_SENT,    // TCP_CONNTRACK_SYN_SENT
    SYN_RECV,    // TCP_CONNTRACK_SYN_RECV
    ESTABLISHED, // TCP_CONNTRACK_ESTABLISHED
    FIN_WAIT,    // TCP_CONNTRACK_FIN_WAIT
    CLOSE_WAIT,  // TCP_CONNTRACK_CLOSE_WAIT
    LAST_ACK,    // TCP_CONNTRACK_LAST_ACK
    TIME_WAIT,   // TCP_CONNTRACK_TIME_WAIT
    CLOSE,       // TCP_CONNTRACK_CLOSE
    SYN_SENT2;   // TCP_CONNTRACK_SYN_SENT2 (was TCP_CONNTRACK_LISTEN)

    private static final TcpState[] VALUES = values();

    /** The state with this kernel value, or {@code null} for values the kernel uses internally only. */
    public static TcpState ofValue(int value) {
        return value >= 0 && value < VALUES.length ? VALUES[value] : null;
    }
}
