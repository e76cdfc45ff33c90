package io.conntrackd.sink.loki;

import java.util.ArrayDeque;

import io.conntrackd.sink.EventBatch;

/**
 * Holds encoded entries until Loki has them: an open batch that fills up, then sealed batches waiting
 * to be pushed, oldest first. Bounded in bytes: while Loki is slow or down the buffer fills, and an
 * entry that does not fit is refused (the caller counts it as dropped), so memory stays bounded and
 * what is already buffered keeps its order.
 */
final class PushBuffer {

    private final int batchLines;
    private final long batchBytes;
    private final long capacityBytes;
    private final int streamCount;
    private final ArrayDeque<PushBatch> sealed = new ArrayDeque<>();
    private PushBatch open;
    private long bufferedBytes;
    private long bufferedLines;

    /**
     * @param batchLines    a batch is sealed when it has this many entries
     * @param batchBytes    ... or when the next entry would take it beyond this many bytes
     * @param capacityBytes entries of all batches together stay within this many bytes
     * @param streamCount   how many streams entries can belong to
     */
    PushBuffer(int batchLines, long batchBytes, long capacityBytes, int streamCount) {
        this.batchLines = batchLines;
        this.batchBytes = batchBytes;
        this.capacityBytes = capacityBytes;
        this.streamCount = streamCount;
    }

    /** Adds an entry, and its event's ticket, to the open batch; {@code false} if the buffer has no room for it. */
    boolean add(int stream, byte[] entry, EventBatch.Ticket ticket, long nowNanos) {
        if (bufferedBytes + entry.length > capacityBytes) {
            return false;
        }
        if (open != null && open.bytes() + entry.length > batchBytes) {
            seal();
        }
        if (open == null) {
            open = new PushBatch(streamCount, nowNanos);
        }
        open.add(stream, entry, ticket);
        bufferedBytes += entry.length;
        bufferedLines++;
        if (open.lines() >= batchLines || open.bytes() >= batchBytes) {
            seal();
        }
        return true;
    }

    /** Seals the open batch if its first entry came {@code waitNanos} or longer ago. */
    void sealIfOlderThan(long waitNanos, long nowNanos) {
        if (open != null && nowNanos - open.openedNanos() >= waitNanos) {
            seal();
        }
    }

    /** Seals the open batch, if any, so that it can be pushed. */
    void seal() {
        if (open != null) {
            sealed.addLast(open);
            open = null;
        }
    }

    /** The oldest sealed batch, or {@code null}. */
    PushBatch head() {
        return sealed.peekFirst();
    }

    /** Removes the oldest sealed batch: it was delivered or given up. */
    PushBatch removeHead() {
        PushBatch b = sealed.removeFirst();
        bufferedBytes -= b.bytes();
        bufferedLines -= b.lines();
        return b;
    }

    boolean isEmpty() {
        return open == null && sealed.isEmpty();
    }

    /** Entries held, in the open and the sealed batches. */
    long bufferedLines() {
        return bufferedLines;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }
}
