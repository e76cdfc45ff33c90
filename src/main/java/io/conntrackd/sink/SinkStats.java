package io.conntrackd.sink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.support.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to the events handed to one sink. The counts of outcomes come from settlement only
 * ({@link EventBatch}, and the worker for the events in its queue), so every accepted event is counted
 * once as delivered, failed or dropped, or is still queued or held by the writer:
 * {@code accepted = delivered + failed + dropped + queued + held}. A settlement that breaks the contract
 * (an event settled twice, or never) is counted in {@link #settlementErrors()} and logged as an error.
 *
 * <p>Failures are logged here, at most one line per 10 seconds, with the reason of the last one. The
 * stats also remember whether the destination's last write went well, for the sink's health check: a
 * delivery clears the failure, a failed event sets it, and a writer that retries may mark a failed
 * attempt that settles nothing yet ({@link #writeFailed}).
 */
public final class SinkStats {

    private static final Logger LOG = LoggerFactory.getLogger(SinkStats.class);

    private final String sink;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder settlementErrors = new LongAdder();
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog errorLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private volatile String failure;
    private volatile long failingSinceNanos;

    public SinkStats(String sink) {
        this.sink = sink;
    }

    /** The sink's name, e.g. {@code stream}. */
    public String sink() {
        return sink;
    }

    void accepted(long n) {
        accepted.add(n);
    }

    /** Counts {@code n} events settled alike; {@code reason} says why they were not delivered. */
    void settled(Outcome outcome, long n, String reason) {
        switch (outcome) {
            case DELIVERED -> {
                delivered.add(n);
                writeSucceeded();
            }
            case FAILED -> {
                failed.add(n);
                writeFailed(reason);
                failLog.warn(n, "{} events could not be written by sink {}: {}", sink, reason);
            }
            case DROPPED -> dropped.add(n);
        }
    }

    /** {@code n} events were settled against the contract, as {@code what} says: a bug, never silent. */
    void settlementError(long n, String what) {
        settlementErrors.add(n);
        errorLog.error(n, "{} events settled wrongly in sink {} (a bug): {}", sink, what);
    }

    /** The destination took the last write: the sink is not failing (any more). */
    public void writeSucceeded() {
        if (failure != null) {
            failure = null;
        }
    }

    /** The last write failed for {@code reason}; the sink counts as failing until a write succeeds. */
    public void writeFailed(String reason) {
        if (failure == null) {
            failingSinceNanos = System.nanoTime();
        }
        failure = reason;
    }

    /** Why the last write failed, or {@code null} when it succeeded (or none was made). */
    public String failure() {
        return failure;
    }

    /** {@link System#nanoTime()} of the first failed write since the last one that succeeded. */
    public long failingSinceNanos() {
        return failingSinceNanos;
    }

    public long accepted() {
        return accepted.sum();
    }

    /** Events the destination took. */
    public long delivered() {
        return delivered.sum();
    }

    /** Events whose delivery was attempted and failed (the destination refused them or was gone). */
    public long failed() {
        return failed.sum();
    }

    /** Events never attempted: the sink's queue or buffer was full, or they were still waiting at shutdown. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events settled twice, or never by the writer that held them: each a bug, logged as an error. */
    public long settlementErrors() {
        return settlementErrors.sum();
    }

    @Override
    public String toString() {
        return sink + ": accepted=" + accepted() + " delivered=" + delivered() + " failed=" + failed()
                + " dropped=" + dropped() + (settlementErrors() > 0 ? " settlementErrors=" + settlementErrors() : "");
    }
}
