package io.conntrackd.sink;

/**
 * Exponential backoff with "equal jitter", for sinks that retry a destination: the delay doubles per
 * consecutive failure from a first delay up to a maximum, and a random part of up to half of it is
 * taken off, so that many daemons do not retry a restarted server in step.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * The delay after {@code failures} consecutive failures (1 or more):
     * {@code min(max, first * 2^(failures-1))}, less up to half of it as {@code random} (in [0, 1)) says.
     */
    public static long delayMillis(int failures, long firstMillis, long maxMillis, double random) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long base = Math.min(maxMillis, firstMillis << doublings);
        return base - (long) (base / 2.0 * random);
    }
}
