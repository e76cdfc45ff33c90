package io.conntrackd.sink.loki;

import java.util.concurrent.TimeUnit;

import io.conntrackd.sink.Backoff;

/**
 * Which failed pushes are tried again, and when. Like Loki's own clients: connection errors, timeouts,
 * 429 (rate limited) and 5xx are temporary and retried with exponential backoff and jitter, up to a
 * bound; any other answer (400 bad request, 401, 413, ...) would fail again and is not retried.
 *
 * @param maxRetries        retries after the first attempt before a batch is given up
 * @param minBackoffMillis  delay before the first retry (before jitter)
 * @param maxBackoffMillis  the delay doubles per consecutive failure up to this
 */
record RetryPolicy(int maxRetries, long minBackoffMillis, long maxBackoffMillis) {

    RetryPolicy {
        if (maxRetries < 0 || minBackoffMillis < 1 || maxBackoffMillis < minBackoffMillis) {
            throw new IllegalArgumentException("invalid retry policy: maxRetries=" + maxRetries + " minBackoff="
                    + minBackoffMillis + " maxBackoff=" + maxBackoffMillis);
        }
    }

    /** Whether an HTTP answer with this status is temporary. */
    static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    /** Whether a batch that has been attempted {@code attempts} times may be tried again. */
    boolean mayRetry(int attempts) {
        return attempts <= maxRetries;
    }

    /**
     * The delay after {@code failures} consecutive failures (1 or more): {@code min * 2^(failures-1)},
     * capped at max, of which a random part ({@code random} in [0, 1)) up to half is taken off so that
     * many daemons do not retry in step ("equal jitter").
     */
    long backoffNanos(int failures, double random) {
        return TimeUnit.MILLISECONDS.toNanos(Backoff.delayMillis(failures, minBackoffMillis, maxBackoffMillis, random));
    }
}
