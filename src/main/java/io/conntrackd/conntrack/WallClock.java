package io.conntrackd.conntrack;

import java.time.Instant;

/** The time events and log lines carry: nanoseconds since the epoch, as precise as the system clock. */
public final class WallClock {

    private WallClock() {
    }

    /** Now, in nanoseconds since the epoch. */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
