package io.conntrackd.sink.syslog;

import java.util.Locale;

/** Syslog facilities (RFC 5424 section 6.2.1) by the names syslog daemons use. */
public enum Facility {
    KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9),
    AUTHPRIV(10), FTP(11),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    /** Every event is logged with severity informational (6). */
    static final int SEVERITY_INFORMATIONAL = 6;

    private final int code;

    Facility(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The PRI value of an informational message of this facility, e.g. 30 for daemon. */
    public int priority() {
        return code * 8 + SEVERITY_INFORMATIONAL;
    }

    /** The name as in a syslog daemon's configuration, e.g. {@code local0}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
