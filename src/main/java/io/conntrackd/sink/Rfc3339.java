package io.conntrackd.sink;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * RFC 3339 timestamps as Go's {@code time.RFC3339Nano} writes them, which is what the original's
 * logs carry: local offset ({@code Z} for UTC), nanoseconds with trailing zeros removed.
 */
public final class Rfc3339 {

    private static final ZoneRules LOCAL_RULES = ZoneId.systemDefault().getRules();

    private Rfc3339() {
    }

    /** Formats nanoseconds since the epoch in the JVM's time zone. */
    public static String format(long epochNanos) {
        return format(epochNanos, LOCAL_RULES);
    }

    /** Formats nanoseconds since the epoch with the offset that {@code rules} give at that instant. */
    public static String format(long epochNanos, ZoneRules rules) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        ZoneOffset offset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH)
                : rules.getOffset(Instant.ofEpochSecond(seconds));
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, offset);
        StringBuilder sb = new StringBuilder(35);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        appendFraction(sb, nanos);
        appendOffset(sb, offset.getTotalSeconds());
        return sb.toString();
    }

    private static void appendFraction(StringBuilder sb, int nanos) {
        if (nanos == 0) {
            return;
        }
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        sb.append('.');
        pad(sb, nanos, digits);
    }

    private static void appendOffset(StringBuilder sb, int totalSeconds) {
        if (totalSeconds == 0) {
            sb.append('Z');
            return;
        }
        sb.append(totalSeconds < 0 ? '-' : '+');
        int abs = Math.abs(totalSeconds);
        pad(sb, abs / 3600, 2).append(':');
        pad(sb, (abs / 60) % 60, 2);
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
