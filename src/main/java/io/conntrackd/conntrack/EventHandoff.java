package io.conntrackd.conntrack;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.conntrackd.conntrack.ConntrackEvent;

/**
 * The bounded queue between the reader thread and the dispatcher, counted in events but handed over
 * in bulk: the reader adds the events of one receive at once and the dispatcher takes all that wait,
 * so the lock is taken once per receive and once per batch rather than once per event on each side
 * (which under a backlog made the two threads contend on every event). One thread adds, one takes.
 */
public final class EventHandoff {

    private final ConntrackEvent[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;  // the oldest event
    private int count;

    /** A queue of at most {@code capacity} events (more only when a single offer is larger). */
    public EventHandoff(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.ring = new ConntrackEvent[capacity];
    }

    /**
     * Adds all {@code events} in order, waiting up to the timeout until they fit; a list larger than
     * the capacity waits until the queue is empty and is then taken in parts as room frees up.
     *
     * @return whether all were added; {@code false} means none were
     */
    public boolean offerAll(List<ConntrackEvent> events, long timeout, TimeUnit unit) throws InterruptedException {
        if (events.isEmpty()) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            int needed = Math.min(events.size(), ring.length);
            while (ring.length - count < needed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            for (int i = 0; i < events.size(); i++) {
                while (count == ring.length) { // only for a list larger than the whole queue
                    notEmpty.signal();
                    notFull.await();
                }
                ring[(head + count) % ring.length] = events.get(i);
                count++;
            }
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} waiting events to {@code target}, oldest first, waiting up to the timeout
     * for the first one.
     *
     * @return how many were moved; 0 when none came in time
     */
    public int drainTo(List<ConntrackEvent> target, int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = Math.min(max, count);
            for (int i = 0; i < n; i++) {
                target.add(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
            }
            count -= n;
            notFull.signal();
            return n;
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The events waiting now. */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Discards the waiting events, for a consumer that stopped before routing them; returns how many. */
    public int clear() {
        lock.lock();
        try {
            int discarded = count;
            Arrays.fill(ring, null);
            head = 0;
            count = 0;
            notFull.signalAll();
            return discarded;
        } finally {
            lock.unlock();
        }
    }
}
