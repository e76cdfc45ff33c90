package io.conntrackd.conntrack;

import org.slf4j.Logger;

/**
 * Turns the kernel's growing drop count into rare WARN lines: at most one per interval, each
 * saying how many events were lost since the previous line and in total. Drops that happen
 * within the interval are reported by the next line, so none go unmentioned.
 */
final class LossReporter {

    private final Logger log;
    private final long intervalNanos;
    private final int receiveBufferSize;
    private long reported;      // drops already mentioned in a warning
    private long lastWarning;   // System.nanoTime() of the last warning
    private boolean warned;

    LossReporter(Logger log, long intervalNanos, int receiveBufferSize) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.receiveBufferSize = receiveBufferSize;
    }

    /** Reports {@code totalDrops} if it grew and the last warning is old enough; returns whether it warned. */
    boolean update(long totalDrops, long nowNanos) {
        if (warned && nowNanos - lastWarning < intervalNanos) {
            return false;
        }
        return flush(totalDrops, nowNanos);
    }

    /** Reports drops not mentioned yet regardless of the interval (on close); returns whether it warned. */
    boolean flush(long totalDrops, long nowNanos) {
        if (totalDrops <= reported) {
            return false;
        }
        long lost = totalDrops - reported;
        log.warn("conntrack events lost: the kernel dropped {} events since the last warning ({} in total) because "
                + "the socket receive buffer ({} bytes) was full; consider a larger receive buffer", lost,
                totalDrops, receiveBufferSize);
        reported = totalDrops;
        lastWarning = nowNanos;
        warned = true;
        return true;
    }
}
