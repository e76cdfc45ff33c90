package io.conntrackd.sink.syslog.format;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.zone.ZoneRules;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;

/**
 * RFC 3164 (BSD) messages: {@code <30>Nov 25 11:35:11 host conntrackd[4242]: {"event":...}}, local
 * time without year or zone. The local form, as glibc's syslog(3) writes it to /dev/log, leaves the
 * host name out: a daemon reading a unix socket takes the host name from itself and would otherwise
 * read ours as the tag.
 */
public final class Rfc3164Formatter implements SyslogFormatter {

    /** RFC 3164 4.1.3: the TAG is at most 32 characters. */
    static final int MAX_TAG = 32;

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private final String pri;
    private final String senderFields;
    private final ZoneRules zone;
    private final JsonMessage message;

    /**
     * @param withHostname whether to write the HOSTNAME field (network form) or not (local form)
     * @param ceeCookie    whether the JSON follows the {@code @cee: } cookie
     */
    public Rfc3164Formatter(SyslogFacility facility, SyslogSeverity severity, Sender sender, ZoneRules zone,
                            boolean withHostname, boolean ceeCookie) {
        this.pri = "<" + SyslogFormatter.priority(facility, severity) + ">";
        String tag = HeaderText.field(sender.appName(), MAX_TAG, ":[]") + "[" + sender.pid() + "]: ";
        this.senderFields = withHostname
                ? " " + HeaderText.field(sender.hostname(), Rfc5424Formatter.MAX_HOSTNAME, "") + " " + tag
                : " " + tag;
        this.zone = zone;
        this.message = new JsonMessage(ceeCookie, zone);
    }

    @Override
    public byte[] format(ConntrackEvent event) throws IOException {
        return format(event, null);
    }

    @Override
    public byte[] format(ConntrackEvent event, byte[] line) throws IOException {
        return message.render(pri + timestamp(event.receivedNanos()) + senderFields, event, line);
    }

    /** {@code Mmm dd hh:mm:ss}, the day padded with a space. */
    private String timestamp(long epochNanos) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L));
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, zone.getOffset(instant));
        StringBuilder sb = new StringBuilder(15).append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            sb.append(' ');
        }
        sb.append(t.getDayOfMonth()).append(' ');
        twoDigits(sb, t.getHour()).append(':');
        twoDigits(sb, t.getMinute()).append(':');
        return twoDigits(sb, t.getSecond()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int value) {
        return sb.append(value < 10 ? "0" : "").append(value);
    }
}
