package io.conntrackd.sink.syslog.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
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

class Rfc3164FormatterTest {

    private static final ZoneRules UTC = ZoneOffset.UTC.getRules();
    private static final Sender SENDER = new Sender("host1", "conntrackd", 4242);
    private static final String UDP6_JSON = "{\"event\":{\"type\":\"UPDATE\",\"flow\":4000057915,\"prot\":\"UDP\","
            + "\"src_addr\":\"2003:cf:1716:7b64:da80:83ff:fecd:da51\",\"dst_addr\":\"2a01:4f8::2\","
            + "\"src_port\":5353,\"dst_port\":53},\"level\":\"INFO\","
            + "\"message\":\"UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to"
            + " [2a01:4f8::2]:53\",\"timestamp\":\"2025-11-25T11:35:11.082791653Z\"}";

    private static String format(Rfc3164Formatter formatter, ConntrackEvent event) throws Exception {
        return new String(formatter.format(event), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheNetworkFormWithHostname() throws Exception {
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, true, false);
        assertThat(format(f, TestEvents.udp6())).isEqualTo("<30>Nov 25 11:35:11 host1 conntrackd[4242]: " + UDP6_JSON);
    }

    @Test
    void writesTheLocalFormOfSyslog3WithoutHostname() throws Exception {
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.LOCAL0, SyslogSeverity.INFO,
                SENDER, UTC, false, false);
        assertThat(format(f, TestEvents.udp6())).isEqualTo("<134>Nov 25 11:35:11 conntrackd[4242]: " + UDP6_JSON);
    }

    @Test
    void writesTheCeeCookieWhenAsked() throws Exception {
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, false, true);
        assertThat(format(f, TestEvents.udp6())).isEqualTo("<30>Nov 25 11:35:11 conntrackd[4242]: @cee: " + UDP6_JSON);
    }

    @Test
    void padsSingleDigitDaysWithASpaceAndUsesLocalTime() throws Exception {
        ZoneRules berlin = ZoneId.of("Europe/Berlin").getRules();
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                SENDER, berlin, true, false);
        ConntrackEvent event = TestEvents.builder(EventType.NEW, Protocol.UDP,
                TestEvents.tuple("10.0.0.1", 1, "10.0.0.2", 2)).receivedNanos(1_720_137_600_500_000_000L).build();
        // 2024-07-05T00:00:00.5Z is 02:00:00 in Berlin (summer time)
        assertThat(format(f, event)).startsWith("<30>Jul  5 02:00:00 host1 conntrackd[4242]: {\"event\":")
                .contains("\"timestamp\":\"2024-07-05T02:00:00.5+02:00\"");
    }

    @Test
    void keepsHostnameAndTagFreeOfSpacesAndTagDelimiters() throws Exception {
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO,
                new Sender("my host", "conn:track[d]"
                + "x".repeat(40), 1), UTC, true, false);
        assertThat(format(f, TestEvents.udp6())).startsWith("<30>Nov 25 11:35:11 my_host conn_track_d_"
                + "x".repeat(19) + "[1]: {");
    }

    @Test
    void writesGeoipFields() throws Exception {
        Location dst = new Location("Falkenstein", "Germany", "DE", 50.4777, 12.3649, 24940, "Hetzner Online GmbH");
        Rfc3164Formatter f = new Rfc3164Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, UTC, true, false);
        assertThat(format(f, TestEvents.udp6().withLocations(null, dst))).contains("\"dst_port\":53,"
                + "\"dst_city\":\"Falkenstein\",\"dst_country\":\"Germany\",\"dst_lat\":50.4777,\"dst_lon\":12.3649,"
                + "\"dst_country_code\":\"DE\",\"dst_asn\":24940,\"dst_as_org\":\"Hetzner Online GmbH\"},");
    }
}
