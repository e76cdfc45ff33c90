package io.conntrackd.sink.syslog.format;

import java.io.IOException;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;

/** Turns an event into one syslog message, without transport framing. Not thread-safe. */
public interface SyslogFormatter {

    /**
     * The PRI value (RFC 5424 section 6.2.1), e.g. 30 for an informational message of daemon. The
     * constants of camel-syslog's enums are declared in code order: their ordinals are the codes.
     */
    static int priority(SyslogFacility facility, SyslogSeverity severity) {
        return facility.ordinal() * 8 + severity.ordinal();
    }

    byte[] format(ConntrackEvent event) throws IOException;

    /**
     * The message of {@code event}, made from {@code line}, the event's stream JSON line, if the route encoded
     * it ({@code null} otherwise): the same bytes as {@link #format(ConntrackEvent)}, with less work.
     */
    default byte[] format(ConntrackEvent event, byte[] line) throws IOException {
        return format(event);
    }
}
