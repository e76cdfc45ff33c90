package io.conntrackd.sink.syslog.format;

import java.io.IOException;
import java.time.zone.ZoneRules;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import io.conntrackd.sink.Rfc3339;

/**
 * RFC 5424 messages:
 * {@code <30>1 2025-11-25T11:35:11.082791Z host conntrackd 4242 NEW [meta sequenceId="1"] {"event":...}}.
 * The timestamp is when the event was received, to the microsecond (RFC 5424 allows six fraction
 * digits), with the local offset; MSGID is the event type; the optional structured data
 * {@code [meta sequenceId="N"]} (RFC 5424 7.3.1) numbers the messages so that a receiver can see gaps.
 */
public final class Rfc5424Formatter implements SyslogFormatter {

    // header field lengths, RFC 5424 section 6
    static final int MAX_HOSTNAME = 255;
    static final int MAX_APP_NAME = 48;
    static final int MAX_PROCID = 128;
    static final int MAX_MSGID = 32;

    private final String pri;
    private final String senderFields;
    private final ZoneRules zone;
    private final boolean sequenceIds;
    private final JsonMessage message;
    private int sequenceId;

    /**
     * @param sequenceIds whether to write {@code [meta sequenceId="N"]}, else the NILVALUE {@code -}
     * @param ceeCookie   whether the JSON follows the {@code @cee: } cookie
     */
    public Rfc5424Formatter(SyslogFacility facility, SyslogSeverity severity, Sender sender, ZoneRules zone,
                            boolean sequenceIds, boolean ceeCookie) {
        this.pri = "<" + SyslogFormatter.priority(facility, severity) + ">1 ";
        this.senderFields = " " + HeaderText.field(sender.hostname(), MAX_HOSTNAME, "")
                + " " + HeaderText.field(sender.appName(), MAX_APP_NAME, "")
                + " " + HeaderText.field(Long.toString(sender.pid()), MAX_PROCID, "") + " ";
        this.zone = zone;
        this.sequenceIds = sequenceIds;
        this.message = new JsonMessage(ceeCookie, zone);
    }

    @Override
    public byte[] format(ConntrackEvent event) throws IOException {
        return format(event, null);
    }

    @Override
    public byte[] format(ConntrackEvent event, byte[] line) throws IOException {
        long received = event.receivedNanos();
        String header = pri
                + Rfc3339.format(received - Math.floorMod(received, 1000L), zone)
                + senderFields
                + HeaderText.field(event.type().name(), MAX_MSGID, "")
                + ' ' + structuredData() + ' ';
        return message.render(header, event, line);
    }

    private String structuredData() {
        if (!sequenceIds) {
            return HeaderText.NIL;
        }
        // 1 to 2147483647, then 1 again (RFC 5424 7.3.1)
        sequenceId = sequenceId == Integer.MAX_VALUE ? 1 : sequenceId + 1;
        return "[meta sequenceId=\"" + sequenceId + "\"]";
    }
}
