package io.conntrackd.sink.syslog.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A syslog message made from the line the route encoded for every sink that writes it (the JSON spliced from the
 * line's fields and message) has the bytes of the message the sink makes alone: every format, with the
 * {@code @cee: } cookie and without, for events with every kind of field, those of other namespaces among them.
 */
class SplicedMessageTest {

    private static final Sender SENDER = new Sender("host1.example.org", "conntrackd", 4242);
    private static final ZoneRules ZONE = ZoneOffset.ofHoursMinutes(-3, -30).getRules();

    static List<Arguments> formats() {
        List<Arguments> formats = new ArrayList<>();
        for (boolean cee : new boolean[] {true, false}) {
            formats.add(Arguments.of("rfc5424, cee=" + cee, (Supplier<SyslogFormatter>) () ->
                    new Rfc5424Formatter(SyslogFacility.DAEMON, SyslogSeverity.INFO, SENDER, ZONE, true, cee)));
            for (boolean hostname : new boolean[] {true, false}) {
                formats.add(Arguments.of("rfc3164, hostname=" + hostname + ", cee=" + cee,
                        (Supplier<SyslogFormatter>) () -> new Rfc3164Formatter(SyslogFacility.LOCAL0,
                                SyslogSeverity.INFO, SENDER, ZONE, hostname, cee)));
            }
        }
        return formats;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void theMessageFromTheRoutesLineIsTheMessageTheSinkMakesAlone(String format, Supplier<SyslogFormatter> formatter)
            throws Exception {
        SyslogFormatter spliced = formatter.get();
        SyslogFormatter alone = formatter.get();
        LineEncoder route = new LineEncoder();
        for (ConntrackEvent event : TestEvents.varied()) {
            assertThat(spliced.format(event, route.line(event))).as(event.toString()).isEqualTo(alone.format(event));
        }
    }
}
