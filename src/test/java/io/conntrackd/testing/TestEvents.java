package io.conntrackd.testing;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Family;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.conntrack.Tuple;

/** Hand-made events for tests that do not need the kernel. */
public final class TestEvents {

    /** 2025-11-25T11:35:11.082791653Z */
    public static final long RECEIVED_NANOS = 1_764_070_511_082_791_653L;

    private TestEvents() {
    }

    public static Tuple tuple(String src, int sport, String dst, int dport) {
        return new Tuple(IpAddress.parse(src), IpAddress.parse(dst), sport, dport);
    }

    /** A builder for an event whose reply tuple is the plain inverse of the original (no NAT). */
    public static ConntrackEvent.Builder builder(EventType type, Protocol protocol, Tuple original) {
        return ConntrackEvent.builder()
                .type(type)
                .flowId(4_000_057_915L)
                .family(original.source().isIpv4() ? Family.IPV4 : Family.IPV6)
                .protocol(protocol)
                .original(original)
                .reply(original.inverse())
                .receivedNanos(RECEIVED_NANOS);
    }

    /** NEW TCP 10.0.0.1:41756 -> 93.184.216.34:443, SYN_SENT. */
    public static ConntrackEvent tcp4() {
        return builder(EventType.NEW, Protocol.TCP, tuple("10.0.0.1", 41756, "93.184.216.34", 443))
                .tcpState(TcpState.SYN_SENT)
                .build();
    }

    /** {@link #tcp4()} as heard from another network namespace: id 7, named {@code web} in /var/run/netns. */
    public static ConntrackEvent tcp4FromNamespace() {
        return builder(EventType.NEW, Protocol.TCP, tuple("10.0.0.1", 41756, "93.184.216.34", 443))
                .tcpState(TcpState.SYN_SENT)
                .namespace(new PeerNamespace(7, "web"))
                .build();
    }

    /** UPDATE UDP [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 -> [2a01:4f8::2]:53. */
    public static ConntrackEvent udp6() {
        return builder(EventType.UPDATE, Protocol.UDP,
                tuple("2003:cf:1716:7b64:da80:83ff:fecd:da51", 5353, "2a01:4f8::2", 53))
                .build();
    }

    /** An event with the given type, protocol and endpoints. */
    public static ConntrackEvent event(EventType type, Protocol protocol, String src, int sport, String dst,
                                       int dport) {
        ConntrackEvent.Builder b = builder(type, protocol, tuple(src, sport, dst, dport));
        if (protocol == Protocol.TCP) {
            b.tcpState(TcpState.ESTABLISHED);
        }
        return b.build();
    }
}
