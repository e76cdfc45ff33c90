package io.conntrackd.testing;

import java.util.ArrayList;
import java.util.List;

import io.conntrackd.sink.SinkClock;

/** A sink clock that moves only when told to or when a sink sleeps on it; it remembers every sleep. */
public final class FakeClock implements SinkClock {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Moves on by {@code nanos} at once; an interrupt ends the sleep first, as a real one would. */
    @Override
    public synchronized void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + nanos + " ns");
        }
        sleeps.add(nanos);
        now += nanos;
    }

    public synchronized void advance(long nanos) {
        now += nanos;
    }

    /** The sleeps so far, in nanoseconds, in order. */
    public synchronized List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
