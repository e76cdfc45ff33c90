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

    @Override
    default void close() throws Exception {
    }
}
