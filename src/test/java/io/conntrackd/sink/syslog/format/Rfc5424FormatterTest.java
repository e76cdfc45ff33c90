package io.conntrackd.sink.syslog.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import org.junit.jupiter.api.Test;

class Rfc5424FormatterTest {

    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();
    private static final Sender SENDER = new Sender("host1.example.org", "conntrackd", 4242);
    private static final String TCP4_JSON = "{\"event\":{\"type\":\"NEW\",\"flow\":4000057915,\"prot\":\"TCP\","
            + "\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\",\"src_port\":41756,\"dst_port\":443,"
            + "\"tcp_state\":\"SYN_SENT\"},\"level\":\"INFO\","
            + "\"message\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
            + "\"timestamp\":\"2025-11-25T11:35:11.082791653Z\"}";

    private static String format(Rfc5424Formatter formatter, ConntrackEvent event) throws Exception {
        return new String(formatter.format(event), StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryHeaderFieldAndTheJsonOfTheOriginal() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, true, false);
        assertThat(format(f, TestEvents.tcp4())).isEqualTo(
                "<30>1 2025-11-25T11:35:11.082791Z host1.example.org conntrackd 4242 NEW [meta sequenceId=\"1\"] "
                + TCP4_JSON);
    }

    @Test
    void theSeverityIsInThePri() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.LOCAL0, SyslogSeverity.NOTICE, SENDER, UTC, false,
                false);
        assertThat(format(f, TestEvents.tcp4())).startsWith("<133>1 2025-11-25T11:35:11.082791Z host1.example.org ");
    }

    @Test
    void numbersMessagesInSequence() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, true, false);
        f.format(TestEvents.tcp4());
        f.format(TestEvents.tcp4());
        assertThat(format(f, TestEvents.tcp4())).contains(" NEW [meta sequenceId=\"3\"] {");
    }

    @Test
    void writesTheNilvalueWithoutStructuredDataOrHostname() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.LOCAL7, SyslogSeverity.INFO,
                new Sender("", "conntrackd", 7), UTC, false,
                false);
        assertThat(format(f, TestEvents.tcp4())).startsWith(
                "<190>1 2025-11-25T11:35:11.082791Z - conntrackd 7 NEW - {\"event\":");
    }

    @Test
    void writesTheLocalOffsetAndCutsTheFractionToMicroseconds() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, ZoneOffset.ofHoursMinutes(-3, -30)
                .getRules(), false, false);
        ConntrackEvent whole = TestEvents.builder(EventType.NEW, Protocol.TCP,
                TestEvents.tuple("10.0.0.1", 1, "10.0.0.2", 2)).receivedNanos(1_764_070_511_000_000_999L).build();
        assertThat(format(f, whole)).startsWith("<30>1 2025-11-25T08:05:11-03:30 host1.example.org")
                .contains("\"timestamp\":\"2025-11-25T08:05:11.000000999-03:30\"}");
        assertThat(format(f, TestEvents.tcp4())).startsWith("<30>1 2025-11-25T08:05:11.082791-03:30 ");
    }

    @Test
    void writesTheCeeCookieInFrontOfTheJsonWhenAsked() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, false, true);
        assertThat(format(f, TestEvents.tcp4())).isEqualTo(
                "<30>1 2025-11-25T11:35:11.082791Z host1.example.org conntrackd 4242 NEW - @cee: " + TCP4_JSON);
    }

    @Test
    void writesIpv6AddressesAndTheEventTypeAsMsgid() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, UTC, false, false);
        assertThat(format(f, TestEvents.udp6())).isEqualTo(
                "<30>1 2025-11-25T11:35:11.082791Z host1.example.org conntrackd 4242 UPDATE - "
                + "{\"event\":{\"type\":\"UPDATE\",\"flow\":4000057915,\"prot\":\"UDP\","
                + "\"src_addr\":\"2003:cf:1716:7b64:da80:83ff:fecd:da51\",\"dst_addr\":\"2a01:4f8::2\","
                + "\"src_port\":5353,\"dst_port\":53},\"level\":\"INFO\","
                + "\"message\":\"UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to"
                + " [2a01:4f8::2]:53\",\"timestamp\":\"2025-11-25T11:35:11.082791653Z\"}");
    }

    @Test
    void writesTheNamespaceOfAnEventFromAnotherInTheEventObject() throws Exception {
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, UTC, false, false);
        assertThat(format(f, TestEvents.tcp4FromNamespace())).contains(
                "\"tcp_state\":\"SYN_SENT\",\"netns_id\":7,\"netns\":\"web\"},\"level\":\"INFO\"");
    }

    @Test
    void writesCoordinatesAsGosJsonEncoderDoes() throws Exception {
        Location src = new Location(null, null, null, 51.0, 0.0001, 0, null);
        Location dst = new Location(null, null, null, -0.0, 1.0E-7, 0, null);
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, UTC, false, false);
        assertThat(format(f, TestEvents.tcp4().withLocations(src, dst))).contains(
                "\"src_lat\":51,\"src_lon\":0.0001,\"dst_lat\":-0,\"dst_lon\":1e-7}");
    }

    @Test
    void writesGeoipFieldsInTheEventObjectAndEscapesThemAsJsonOnOneLine() throws Exception {
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche Telekom AG");
        Location dst = new Location("Zürich \"Nord\"\n\\", "Switzerland", "CH", 47.3769, 8.5417, 0, null);
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, UTC, false, false);
        byte[] bytes = f.format(TestEvents.tcp4().withLocations(src, dst));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"tcp_state\":\"SYN_SENT\","
                + "\"src_city\":\"Garmisch-Partenkirchen\",\"src_country\":\"Germany\","
                + "\"src_lat\":47.4906,\"src_lon\":11.1026,"
                + "\"dst_city\":\"Zürich \\\"Nord\\\"\\n\\\\\",\"dst_country\":\"Switzerland\","
                + "\"dst_lat\":47.3769,\"dst_lon\":8.5417,"
                + "\"src_country_code\":\"DE\",\"src_asn\":3320,\"src_as_org\":\"Deutsche Telekom AG\","
                + "\"dst_country_code\":\"CH\"},\"level\":\"INFO\"");
        assertThat(bytes).doesNotContain((byte) '\n').doesNotContain((byte) 0xEF); // no LF, no UTF-8 BOM
    }

    @Test
    void keepsHeaderFieldsPrintableAsciiAndWithinTheirLengths() throws Exception {
        String longName = "h".repeat(300);
        Rfc5424Formatter f = new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                new Sender(longName, "conn trackd\u00e9\t"
                + "a".repeat(60), 1), UTC, false, false);
        String header = format(f, TestEvents.tcp4()).split(" \\{", 2)[0];
        assertThat(header).isEqualTo("<30>1 2025-11-25T11:35:11.082791Z " + "h".repeat(255) + " conn_trackd__"
                + "a".repeat(35) + " 1 NEW -");
    }
}
