package io.conntrackd.sink;

/**
 * Writes events to one destination. Called from the sink's single worker thread only (except
 * {@link #close()}, see there), so implementations need no locking for what only these calls touch.
 *
 * <p>The contract is settlement ({@link EventBatch}): every event a writer is given is settled exactly once,
 * by whoever holds it last. A writer that delivers synchronously settles the events of a batch before
 * {@link #write} returns; one that keeps events (to batch or retry them, or until an asynchronous
 * acknowledgement) takes them and settles them later, at the latest when it is closed.
 */
public interface SinkWriter extends AutoCloseable {

    /**
     * Delivers the events of {@code batch}, settling each or taking it to settle later. Events that are
     * neither when it returns are a contract error (settled as failed, counted and logged); when it throws,
     * they are settled as failed with the exception as the reason. A writer that retries must give up in
     * bounded time.
     */
    void write(EventBatch batch) throws Exception;

    /** Called when no event is waiting: the moment to flush buffered output. */
    default void idle() throws Exception {
    }

    /**
     * Called once on the worker thread when the sink stops, after the last write: the moment to deliver
     * what the writer still holds, giving up at {@code deadlineNanos} (a {@link System#nanoTime()}
     * value). {@link #close()} follows. By default the same as {@link #idle()}.
     */
    default void finish(long deadlineNanos) throws Exception {
        idle();
    }

    /**
     * Releases the destination and settles every event the writer still holds (as failed if it tried to
     * deliver them, else as dropped). May be called from the stopping thread while a write is in progress
     * after the drain deadline: it should end that write.
     */
    @Override
    default void close() throws Exception {
    }
}
