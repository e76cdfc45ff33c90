package io.conntrackd.sink;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the events handed to one sink. Every accepted event ends up delivered, failed
 * or dropped (or is still queued), so {@code accepted = delivered + failed + dropped + queued}.
 * It also remembers whether the destination's last write went well, for the sink's health check:
 * the writer marks each write (a batch, not an event) as succeeded or failed.
 */
public final class SinkStats {

    private final String sink;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile String failure;
    private volatile long failingSinceNanos;

    public SinkStats(String sink) {
        this.sink = sink;
    }

    /** The sink's name, e.g. {@code stream}. */
    public String sink() {
        return sink;
    }

    public void accepted(long n) {
        accepted.add(n);
    }

    /** Events the destination took. */
    public void delivered(long n) {
        delivered.add(n);
    }

    /** Events whose delivery was attempted and failed (the destination refused them or was gone). */
    public void failed(long n) {
        failed.add(n);
    }

    /** Events never attempted: the sink's queue was full, or they were still queued at shutdown. */
    public void dropped(long n) {
        dropped.add(n);
    }

    /** The destination took the last write: the sink is not failing (any more). */
    public void writeSucceeded() {
        failure = null;
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

    public long delivered() {
        return delivered.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return sink + ": accepted=" + accepted() + " delivered=" + delivered() + " failed=" + failed()
                + " dropped=" + dropped();
    }
}
