package io.conntrackd.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventHandoff;
import io.conntrackd.conntrack.EventSource;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader thread's loop, as camel-kafka's {@code KafkaFetchRecords} is a Kafka consumer's: receive from
 * the netlink socket (or the training run's events), decode, and hand the events of each receive over to the dispatcher through a bounded
 * queue ({@link EventHandoff}), so that a slow route never delays the socket reads until that queue is
 * full; then the kernel's (large) socket buffer takes the burst and counts what overflows. One task per
 * start of the consumer: it owns the reader and the queue, and knows how reading goes.
 */
final class ConntrackReadTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackReadTask.class);
    private static final long RECEIVE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventSource reader;
    private final EventHandoff handoff;
    private final long pollMillis;
    private final ExceptionHandler errors;
    private final LongAdder unrouted;
    private volatile boolean running = true;
    private volatile boolean reading = true; // until the loop ends, so that the dispatcher waits for it
    private volatile long lastReceiveNanos = System.nanoTime();
    private volatile String lastError;

    /**
     * @param unrouted counts the events that were received and never taken by the dispatcher
     */
    ConntrackReadTask(EventSource reader, int queueCapacity, long pollMillis, ExceptionHandler errors,
                      LongAdder unrouted) {
        this.reader = reader;
        this.handoff = new EventHandoff(queueCapacity);
        this.pollMillis = pollMillis;
        this.errors = errors;
        this.unrouted = unrouted;
    }

    @Override
    public void run() {
        List<ConntrackEvent> received = new ArrayList<>();
        Consumer<ConntrackEvent> collect = received::add;
        try {
            while (running) {
                readOnce(received, collect);
            }
        } finally {
            reading = false;
        }
    }

    /** Ends the loop within a poll timeout; events already handed over may still be taken. */
    void stop() {
        running = false;
    }

    /**
     * Moves up to {@code max} handed-over events to {@code batch}, waiting up to the poll timeout for the
     * first; returns how many.
     */
    int take(List<ConntrackEvent> batch, int max) throws InterruptedException {
        return handoff.drainTo(batch, max, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether events may still come: the reader reads, or events wait in the queue. */
    boolean hasMore() {
        return reading || !handoff.isEmpty();
    }

    /** Counts and reports the events still waiting, once nobody will take them any more. */
    void discardLeft() {
        unrouted(handoff.clear());
    }

    ConntrackConsumerStats stats(long failed) {
        long drops;
        try {
            drops = reader.kernelDrops();
        } catch (IOException closed) {
            drops = reader.stats().kernelDrops();
        }
        return new ConntrackConsumerStats(reading, reader.isOpen(), lastReceiveNanos, lastError, handoff.size(),
                failed, unrouted.sum(), drops, reader.stats());
    }

    void close() {
        reader.close();
    }

    /** Receives once and hands the events over together. */
    private void readOnce(List<ConntrackEvent> received, Consumer<ConntrackEvent> collect) {
        boolean more = true;
        try {
            more = reader.poll(collect);
            lastReceiveNanos = System.nanoTime();
            lastError = null;
        } catch (Exception e) {
            lastError = e.toString();
            errors.handleException("Error reading conntrack events", e);
            sleepQuietly(1000);
        }
        if (received.isEmpty()) {
            return;
        }
        handOff(received);
        received.clear();
        if (!more) {
            // Events trickling in would cost one system call each. Pausing after a partial receive lets
            // the kernel queue them, so the next receive takes many at once; the socket buffer holds
            // far more than can arrive meanwhile.
            LockSupport.parkNanos(RECEIVE_PAUSE_NANOS);
        }
    }

    private void handOff(List<ConntrackEvent> events) {
        try {
            while (!handoff.offerAll(events, pollMillis, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    unrouted(events.size());
                    return;
                }
            }
        } catch (InterruptedException e) {
            unrouted(events.size());
            Thread.currentThread().interrupt();
        }
    }

    private void unrouted(int events) {
        if (events > 0) {
            unrouted.add(events);
            LOG.warn("Stopping: {} conntrack events were not routed", events);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
