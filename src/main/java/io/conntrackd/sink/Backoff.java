package io.conntrackd.sink;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * How long a sink waits before it tries a destination again: exponential backoff with "equal jitter", as
 * Loki's and other log shippers' clients do. The delay doubles per consecutive failure from a first delay
 * up to a maximum, and a random part of up to half of it is taken off, so that many daemons do not retry a
 * restarted server in step.
 */
public final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /** Backoff from {@code firstMillis} doubling up to {@code maxMillis}, with random jitter. */
    public Backoff(long firstMillis, long maxMillis) {
        this(firstMillis, maxMillis, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random the jitter's source, values in [0, 1): 0 waits the full delay, towards 1 half of it */
    public Backoff(long firstMillis, long maxMillis, DoubleSupplier random) {
        if (firstMillis < 1 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("invalid backoff: the first delay (" + firstMillis + " ms) must be at"
                    + " least 1 ms and the longest (" + maxMillis + " ms) at least the first");
        }
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /**
     * The delay after {@code failures} consecutive failures (1 or more): {@code min(max, first * 2^(failures-1))},
     * less a random part of up to half of it.
     */
    public long delayNanos(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long base = Math.min(maxMillis, firstMillis << doublings);
        return TimeUnit.MILLISECONDS.toNanos(base - (long) (base / 2.0 * random.getAsDouble()));
    }
}
