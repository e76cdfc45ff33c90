package io.conntrackd.sink;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Writes events to one destination. Called from the sink's single worker thread only, so
 * implementations need no locking.
 */
public interface SinkWriter extends AutoCloseable {

    /**
     * Delivers the events. Returning normally counts them as delivered; an exception counts them as
     * failed, except a {@link PartialWriteException}, which says how many of them failed. A writer
     * that retries must give up in bounded time.
     */
    void write(List<ConntrackEvent> events) throws Exception;

    /** Called when no event is waiting: the moment to flush buffered output. */
    default void idle() throws Exception {
    }

    /**
     * Whether this writer reports what became of the events itself, to the sink's {@link SinkStats},
     * because it keeps them after {@link #write} returns (to batch or retry them). The producer then
     * counts nothing for a write, not even when it throws: such a writer accounts for every event it
     * was given.
     */
    default boolean reportsOutcomes() {
        return false;
    }

    /**
     * Called once on the worker thread when the sink stops, after the last write: the moment to deliver
     * what the writer still holds, giving up at {@code deadlineNanos} (a {@link System#nanoTime()}
     * value). {@link #close()} follows. By default the same as {@link #idle()}.
     */
    default void finish(long deadlineNanos) throws Exception {
        idle();
    }

    @Override
    default void close() throws Exception {
    }
}
