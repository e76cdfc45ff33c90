package io.conntrackd.sink.loki;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.sink.SinkMeters;

/**
 * The Loki sink's pushes, for metrics: how many were made with which outcome, how long they took and
 * how many entries they carried, and how much the buffer holds. Updated once per push or per write,
 * never per event; readable from any thread, and registered as the Loki sink's own meters (docs/metrics.md).
 */
public final class LokiPushStats {

    /** How a push ended. */
    public enum Outcome {
        /** Loki stored the entries (2xx). */
        DELIVERED,
        /** A temporary failure (connection, timeout, 429, 5xx): retried later, or given up after the last retry. */
        RETRYABLE,
        /** Loki refused the entries for good (other 4xx); not retried. */
        REFUSED
    }

    private final LongAdder[] pushes = adders();
    private final LongAdder[] pushNanos = adders();
    private final LongAdder[] entries = adders();
    private final LongAdder refusedOld = new LongAdder();
    private final long bufferCapacityBytes;
    private volatile long bufferedBytes;
    private volatile long bufferedEntries;

    LokiPushStats(long bufferCapacityBytes) {
        this.bufferCapacityBytes = bufferCapacityBytes;
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Outcome.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void pushed(Outcome outcome, int lines, long nanos) {
        pushes[outcome.ordinal()].increment();
        pushNanos[outcome.ordinal()].add(nanos);
        entries[outcome.ordinal()].add(lines);
    }

    /** A push of {@code lines} entries was refused because some were older than Loki accepts. */
    void refusedAsTooOld(int lines) {
        refusedOld.add(lines);
    }

    /** Entries of pushes that Loki refused as older than it accepts (after a long outage). */
    public long refusedOldEntries() {
        return refusedOld.sum();
    }

    void buffered(long lines, long bytes) {
        bufferedEntries = lines;
        bufferedBytes = bytes;
    }

    /** Pushes that ended with {@code outcome}. */
    public long pushes(Outcome outcome) {
        return pushes[outcome.ordinal()].sum();
    }

    /** Total time of the pushes that ended with {@code outcome}, in seconds. */
    public double pushSeconds(Outcome outcome) {
        return pushNanos[outcome.ordinal()].sum() / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** Entries carried by the pushes that ended with {@code outcome} (a retried batch counts per attempt). */
    public long entries(Outcome outcome) {
        return entries[outcome.ordinal()].sum();
    }

    /** Bytes of entries waiting for Loki, in the open batch and the sealed ones. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Entries waiting for Loki. */
    public long bufferedEntries() {
        return bufferedEntries;
    }

    /** How many bytes of entries the buffer may hold (bufferBytes). */
    public long bufferCapacityBytes() {
        return bufferCapacityBytes;
    }

    /** Registers the pushes by outcome and the buffer as meters. */
    void addMeters(SinkMeters meters) {
        for (Outcome outcome : Outcome.values()) {
            String tag = outcome.name().toLowerCase(Locale.ROOT);
            meters.timer("conntrackd.loki.push", "Loki pushes and the time they took, by outcome", this,
                    p -> p.pushes(outcome), p -> p.pushSeconds(outcome), "outcome", tag);
            meters.counter("conntrackd.loki.push.entries", "Entries carried by Loki pushes, by outcome", this,
                    p -> p.entries(outcome), "outcome", tag);
        }
        meters.counter("conntrackd.loki.refused.old.entries", "Entries of pushes Loki refused as older than it accepts"
                + " (timestamp too old, entry too far behind)", this, LokiPushStats::refusedOldEntries);
        meters.gauge("conntrackd.loki.buffer.bytes", "Bytes of entries waiting for Loki", this,
                LokiPushStats::bufferedBytes);
        meters.gauge("conntrackd.loki.buffer.entries", "Entries waiting for Loki", this,
                LokiPushStats::bufferedEntries);
        meters.gauge("conntrackd.loki.buffer.capacity.bytes", "How many bytes of entries the Loki buffer holds", this,
                LokiPushStats::bufferCapacityBytes);
    }
}
