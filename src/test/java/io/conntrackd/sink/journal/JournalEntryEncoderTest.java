package io.conntrackd.sink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.conntrackd.conntrack.Location;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

class JournalEntryEncoderTest {

    /** The entry of {@link TestEvents#tcp4()}, field by field. */
    private static final String TCP4_ENTRY =
            "MESSAGE=NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\n"
            + "PRIORITY=6\n"
            + "SYSLOG_IDENTIFIER=conntrackd\n"
            + "EVENT_TYPE=NEW\n"
            + "EVENT_FLOW=4000057915\n"
            + "EVENT_PROT=TCP\n"
            + "EVENT_SRC_ADDR=10.0.0.1\n"
            + "EVENT_DST_ADDR=93.184.216.34\n"
            + "EVENT_SRC_PORT=41756\n"
            + "EVENT_DST_PORT=443\n"
            + "EVENT_TCP_STATE=SYN_SENT\n";

    private final JournalEntryEncoder encoder = new JournalEntryEncoder("conntrackd");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheOriginalsFieldsForIpv4Tcp() {
        assertThat(encoder.encode(TestEvents.tcp4()).toByteArray()).isEqualTo(utf8(TCP4_ENTRY));
    }

    @Test
    void writesTheNamespaceOfAnEventFromAnother() {
        assertThat(encoder.encode(TestEvents.tcp4FromNamespace()).toByteArray())
                .isEqualTo(utf8(TCP4_ENTRY + "EVENT_NETNS_ID=7\nEVENT_NETNS=web\n"));
    }

    @Test
    void leavesOutTheTcpStateForUdpAndBracketsIpv6InTheMessage() {
        assertThat(encoder.encode(TestEvents.udp6()).toByteArray()).isEqualTo(utf8(
                "MESSAGE=UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to"
                + " [2a01:4f8::2]:53\n"
                + "PRIORITY=6\n"
                + "SYSLOG_IDENTIFIER=conntrackd\n"
                + "EVENT_TYPE=UPDATE\n"
                + "EVENT_FLOW=4000057915\n"
                + "EVENT_PROT=UDP\n"
                + "EVENT_SRC_ADDR=2003:cf:1716:7b64:da80:83ff:fecd:da51\n"
                + "EVENT_DST_ADDR=2a01:4f8::2\n"
                + "EVENT_SRC_PORT=5353\n"
                + "EVENT_DST_PORT=53\n"));
    }

    @Test
    void writesEveryGeoipFieldInTheSameStyle() {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche Telekom AG");
        Location dst = new Location("Zürich", "Switzerland", "CH", 47.0, -0.0001, 559, "SWITCH");
        byte[] entry = encoder.encode(TestEvents.tcp4().withLocations(src, dst)).toByteArray();
        assertThat(entry).isEqualTo(utf8(TCP4_ENTRY
                + "EVENT_SRC_CITY=Garmisch-Partenkirchen\n"
                + "EVENT_SRC_COUNTRY=Germany\n"
                + "EVENT_SRC_LAT=47.4906\n"
                + "EVENT_SRC_LON=11.1026\n"
                + "EVENT_DST_CITY=Zürich\n"
                + "EVENT_DST_COUNTRY=Switzerland\n"
                + "EVENT_DST_LAT=47\n"
                + "EVENT_DST_LON=-0.0001\n"
                + "EVENT_SRC_COUNTRY_CODE=DE\n"
                + "EVENT_SRC_ASN=3320\n"
                + "EVENT_SRC_AS_ORG=Deutsche Telekom AG\n"
                + "EVENT_DST_COUNTRY_CODE=CH\n"
                + "EVENT_DST_ASN=559\n"
                + "EVENT_DST_AS_ORG=SWITCH\n"));
    }

    @Test
    void sendsAGeoipNameWithANewlineLengthPrefixed() {
        Location odd = new Location("Line\nBreak", null, null, Double.NaN, Double.NaN, 0, null);
        byte[] entry = encoder.encode(TestEvents.udp6().withLocations(odd, null)).toByteArray();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(utf8("EVENT_DST_PORT=53\nEVENT_SRC_CITY\n"));
        tail.writeBytes(new byte[] {10, 0, 0, 0, 0, 0, 0, 0});
        tail.writeBytes(utf8("Line\nBreak\n"));
        assertThat(entry).endsWith(tail.toByteArray());
    }

    @Test
    void usesTheConfiguredIdentifierAndReusesItsBuffer() {
        JournalEntryEncoder custom = new JournalEntryEncoder("edge-fw");
        custom.encode(TestEvents.tcp4().withLocations(
                new Location("A very long city name".repeat(100), null, null, 1, 2, 0, null), null));
        String second = new String(custom.encode(TestEvents.udp6()).toByteArray(), StandardCharsets.UTF_8);
        assertThat(second).contains("\nSYSLOG_IDENTIFIER=edge-fw\n").doesNotContain("city").endsWith("=53\n");
    }
}
