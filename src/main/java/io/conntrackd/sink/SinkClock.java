package io.conntrackd.sink;

import java.util.concurrent.TimeUnit;

/**
 * The sinks' clock: what they read the time from and wait on between retries. Replaced in tests, so that
 * batching, backoff and retries are checked without waiting.
 */
public interface SinkClock {

    SinkClock SYSTEM = new SinkClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** Like {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code nanos}; an interrupt ends the wait. */
    void sleep(long nanos) throws InterruptedException;
}
