package io.conntrackd.testing;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Family;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
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

    /**
     * Events whose JSON has every kind of field and text that needs escaping (a quote after a comma too): GeoIP
     * on both ends, NAT, mark, zone, counters, flow times, and the namespace fields of events from other
     * namespaces, named (even oddly) and not. For tests that compare two ways of writing the same output.
     */
    public static List<ConntrackEvent> varied() {
        Location src = new Location("Z\u00fcrich ,\"Nord\"\n\\", "Switzerland", "CH", 47.3769, 8.5417, 3320,
                "AS, \"x\"");
        Location dst = new Location(null, "Germany", "DE", -0.0, 1.0E-7, 0, null);
        ConntrackEvent nat = builder(EventType.DESTROY, Protocol.UDP, tuple("192.168.1.10", 5000, "8.8.8.8", 53))
                .reply(tuple("8.8.8.8", 53, "203.0.113.7", 61000)).mark(7).zone(2)
                .namespace(new PeerNamespace(12, "ns,\"q\" \u00e4"))
                .originalCounters(new Counters(1, 60)).replyCounters(new Counters(1, 120))
                .startNanos(1_764_070_510_000_000_000L).stopNanos(1_764_070_511_500_000_000L).build();
        ConntrackEvent unnamed = builder(EventType.UPDATE, Protocol.UDP, tuple("10.9.0.1", 5353, "10.9.0.2", 53))
                .namespace(new PeerNamespace(0, null)).build();
        return List.of(tcp4(), udp6(), tcp4().withLocations(src, dst), nat, tcp4FromNamespace(),
                tcp4FromNamespace().withLocations(src, null), unnamed);
    }
}
