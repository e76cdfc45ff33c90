package io.conntrackd.json;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Counters;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.Rfc3339;
import io.conntrackd.testing.TestEvents;

/** Events of the JSON tests with their expected JSON, written out by hand. */
final class JsonEvents {

    /** {@code {"time":"...",} for TestEvents.RECEIVED_NANOS in the JVM's zone, as Rfc3339Test proves it. */
    static final String TIME = "{\"time\":\"" + Rfc3339.format(TestEvents.RECEIVED_NANOS) + "\",";

    static final String TCP4 = TIME + "\"level\":\"INFO\","
            + "\"msg\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
            + "\"type\":\"NEW\",\"flow\":4000057915,\"prot\":\"TCP\","
            + "\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
            + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"}";

    static final String UDP6 = TIME + "\"level\":\"INFO\","
            + "\"msg\":\"UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to [2a01:4f8::2]:53\","
            + "\"type\":\"UPDATE\",\"flow\":4000057915,\"prot\":\"UDP\","
            + "\"src_addr\":\"2003:cf:1716:7b64:da80:83ff:fecd:da51\",\"dst_addr\":\"2a01:4f8::2\","
            + "\"src_port\":5353,\"dst_port\":53}";

    /**
     * Every optional field: GeoIP on both sides (whole-number and 4-decimal coordinates), NAT, mark, zone,
     * another namespace, counters, times.
     */
    static ConntrackEvent full() {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.0, 3320,
                "Deutsche \"Telekom\" AG");
        Location dst = new Location(null, "Germany", "DE", 51.0, 9.0001, 0, null);
        return TestEvents.builder(EventType.DESTROY, Protocol.UDP, TestEvents.tuple("192.168.1.10", 5000, "8.8.8.8", 53))
                .reply(TestEvents.tuple("8.8.8.8", 53, "203.0.113.7", 61000))
                .mark(7).zone(2).namespace(new PeerNamespace(7, "web"))
                .originalCounters(new Counters(1, 60)).replyCounters(new Counters(1, 120))
                .startNanos(1_764_070_510_000_000_000L).stopNanos(1_764_070_511_500_000_000L)
                .build().withLocations(src, dst);
    }

    static final String FULL = TIME + "\"level\":\"INFO\","
            + "\"msg\":\"DESTROY UDP connection from 192.168.1.10:5000 to 8.8.8.8:53\","
            + "\"type\":\"DESTROY\",\"flow\":4000057915,\"prot\":\"UDP\","
            + "\"src_addr\":\"192.168.1.10\",\"dst_addr\":\"8.8.8.8\",\"src_port\":5000,\"dst_port\":53,"
            + "\"src_city\":\"Garmisch-Partenkirchen\",\"src_country\":\"Germany\",\"src_lat\":47.4906,\"src_lon\":11,"
            + "\"dst_country\":\"Germany\",\"dst_lat\":51,\"dst_lon\":9.0001,"
            + "\"src_country_code\":\"DE\",\"src_asn\":3320,\"src_as_org\":\"Deutsche \\\"Telekom\\\" AG\","
            + "\"dst_country_code\":\"DE\","
            + "\"reply_src_addr\":\"8.8.8.8\",\"reply_dst_addr\":\"203.0.113.7\","
            + "\"reply_src_port\":53,\"reply_dst_port\":61000,\"mark\":7,\"zone\":2,\"netns_id\":7,\"netns\":\"web\","
            + "\"orig_packets\":1,\"orig_bytes\":60,\"reply_packets\":1,\"reply_bytes\":120,"
            + "\"flow_start\":\"" + Rfc3339.format(1_764_070_510_000_000_000L) + "\","
            + "\"flow_stop\":\"" + Rfc3339.format(1_764_070_511_500_000_000L) + "\"}";

    private JsonEvents() {
    }
}
