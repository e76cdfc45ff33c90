package io.conntrackd.sink;

import io.conntrackd.conntrack.ConntrackEvent;

/**
 * An event in a sink's queue, with its stream JSON line when the route encoded it once for all the sinks that
 * write it ({@link EventLines}), else {@code null}. The same object goes into the queue of every sink of the
 * exchange; the line is never changed.
 */
record QueuedEvent(ConntrackEvent event, byte[] line) {

    /** An event whose line, if its writer needs one, the writer encodes itself. */
    static QueuedEvent of(ConntrackEvent event) {
        return new QueuedEvent(event, null);
    }
}
