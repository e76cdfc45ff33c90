package io.conntrackd.conntrack;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where a reader thread polls conntrack events from: the kernel ({@link ConntrackReader}), or the synthetic
 * events of the start-up training run ({@link TrainingEvents}). One thread polls; the other methods may be
 * called from any thread.
 */
public interface EventSource extends AutoCloseable {

    /**
     * Passes the events of one receive to {@code sink}, blocking at most the poll timeout.
     *
     * @return true when more events are probably waiting
     * @throws IOException when receiving fails or the source is closed
     */
    boolean poll(Consumer<? super ConntrackEvent> sink) throws IOException;

    /** The events the kernel dropped so far (one system call for the kernel's count). */
    long kernelDrops() throws IOException;

    /** Counters since open; live. */
    ReaderStats stats();

    /** Whether the source is open: true until {@link #close()}. */
    boolean isOpen();

    /** Closes the source; idempotent. */
    @Override
    void close();
}
