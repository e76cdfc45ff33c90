package io.conntrackd.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs a warning (or error) at most once per interval, so that a dead destination or a flood cannot fill the
 * daemon's own log. Events that happen in between are summed and reported with the next line.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * Counts {@code count} occurrences and, if the interval has passed, logs {@code message} with the
     * number of occurrences since the last line as its first argument.
     */
    public void warn(long count, String message, Object... args) {
        Object[] all = due(count, args);
        if (all != null) {
            log.warn(message, all);
        }
    }

    /** Like {@link #warn}, at level ERROR: for what should never happen, such as a bug. */
    public void error(long count, String message, Object... args) {
        Object[] all = due(count, args);
        if (all != null) {
            log.error(message, all);
        }
    }

    /** The arguments of a line to log now, led by the count since the last one; {@code null} if none is due. */
    private Object[] due(long count, Object[] args) {
        long total = suppressed.addAndGet(count);
        long now = System.nanoTime();
        long next = nextNanos.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextNanos.compareAndSet(next, now + intervalNanos)) {
            return null;
        }
        suppressed.addAndGet(-total);
        Object[] all = new Object[args.length + 1];
        all[0] = total;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
