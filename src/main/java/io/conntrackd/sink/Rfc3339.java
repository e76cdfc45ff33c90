package io.conntrackd.sink;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * RFC 3339 timestamps as Go's {@code time.RFC3339Nano} writes them, which is what the original's
 * logs carry: local offset ({@code Z} for UTC), nanoseconds with trailing zeros removed.
 *
 * <p>Events arrive many per second, so the text of the current second in the JVM's time zone (date,
 * time and offset) is kept and only the fraction is formatted per timestamp.
 */
public final class Rfc3339 {

    private static final ZoneRules LOCAL_RULES = ZoneId.systemDefault().getRules();
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    /** The text around the fraction for one second: "2025-11-25T11:35:11" and "Z". */
    private record Second(long epochSecond, String dateTime, String offset) {
    }

    private static volatile Second lastLocalSecond = new Second(Long.MIN_VALUE, "", "");

    private Rfc3339() {
    }

    /** Formats nanoseconds since the epoch in the JVM's time zone. */
    public static String format(long epochNanos) {
        return append(new StringBuilder(35), epochNanos).toString();
    }

    /** Appends nanoseconds since the epoch in the JVM's time zone to {@code sb}; returns {@code sb}. */
    public static StringBuilder append(StringBuilder sb, long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        Second second = lastLocalSecond;
        if (second.epochSecond() != seconds) {
            second = second(seconds, LOCAL_RULES);
            lastLocalSecond = second; // a race only computes the same text twice
        }
        return append(sb, second, (int) Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** Formats nanoseconds since the epoch with the offset that {@code rules} give at that instant. */
    public static String format(long epochNanos, ZoneRules rules) {
        Second second = second(Math.floorDiv(epochNanos, 1_000_000_000L), rules);
        return append(new StringBuilder(35), second, (int) Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }

    private static StringBuilder append(StringBuilder sb, Second second, int nanos) {
        sb.append(second.dateTime());
        appendFraction(sb, nanos);
        return sb.append(second.offset());
    }

    private static Second second(long seconds, ZoneRules rules) {
        ZoneOffset offset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH)
                : rules.getOffset(Instant.ofEpochSecond(seconds));
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, offset);
        StringBuilder sb = new StringBuilder(19);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        return new Second(seconds, sb.toString(), offset(offset.getTotalSeconds()));
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

    private static String offset(int totalSeconds) {
        if (totalSeconds == 0) {
            return "Z";
        }
        StringBuilder sb = new StringBuilder(6).append(totalSeconds < 0 ? '-' : '+');
        int abs = Math.abs(totalSeconds);
        pad(sb, abs / 3600, 2).append(':');
        return pad(sb, (abs / 60) % 60, 2).toString();
    }

    /** Appends {@code value} with leading zeros to at least {@code width} digits (at most 9), allocating nothing. */
    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        for (int i = width - 1; i > 0 && value < POWERS_OF_TEN[i]; i--) {
            sb.append('0');
        }
        return sb.append(value);
    }
}
