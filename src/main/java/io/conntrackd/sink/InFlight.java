package io.conntrackd.sink;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The batches a sink's worker handed to its writer that are not completely settled yet, in the order they
 * were handed over. A complete batch leaves only when every older one has left too, so the head is always
 * the oldest batch whose events are not all settled: the point up to which a destination has acknowledged
 * delivery, where a disk buffer may release what it stored. Batches may be settled from any thread.
 */
final class InFlight {

    private final SinkStats stats;
    private final Consumer<EventBatch> released;
    private final ArrayDeque<EventBatch> batches = new ArrayDeque<>();

    /** @param released told of each batch that leaves, oldest first (under this object's lock) */
    InFlight(SinkStats stats, Consumer<EventBatch> released) {
        this.stats = stats;
        this.released = released;
    }

    /** A new batch of {@code events}, the newest in flight. */
    EventBatch open(List<QueuedEvent> events) {
        EventBatch batch = EventBatch.ofQueued(events, stats, this::release);
        synchronized (this) {
            if (!batch.isSettled()) {
                batches.addLast(batch);
            }
        }
        return batch;
    }

    private synchronized void release(EventBatch settled) {
        while (!batches.isEmpty() && batches.peekFirst().isSettled()) {
            released.accept(batches.removeFirst());
        }
    }

    /** Settles every event not settled yet as dropped, for {@code reason}; returns how many there were. */
    int dropOutstanding(String reason) {
        EventBatch[] open;
        synchronized (this) {
            open = batches.toArray(EventBatch[]::new);
        }
        int dropped = 0;
        for (EventBatch b : open) {
            dropped += b.settleOutstanding(Outcome.DROPPED, reason);
        }
        return dropped;
    }
}
