package io.conntrackd.sink.syslog;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnection attempts: doubling from the first delay up to the maximum, each drawn
 * between half and all of its nominal value so that many senders do not hammer a restarted server in
 * step.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private long nominalMillis;

    Backoff(long firstMillis, long maxMillis) {
        this.firstMillis = Math.max(1, firstMillis);
        this.maxMillis = Math.max(this.firstMillis, maxMillis);
        this.nominalMillis = this.firstMillis;
    }

    /** The next delay in milliseconds. */
    long next() {
        long nominal = nominalMillis;
        nominalMillis = Math.min(maxMillis, nominal * 2);
        return nominal / 2 + ThreadLocalRandom.current().nextLong(nominal / 2 + 1);
    }

    /** Starts again from the first delay (after a success). */
    void reset() {
        nominalMillis = firstMillis;
    }
}
