package io.conntrackd.sink.loki;

import java.util.concurrent.TimeUnit;

/** The sink's clock, replaceable in tests so that batching and backoff can be checked without waiting. */
interface Ticker {

    Ticker SYSTEM = new Ticker() {
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

    void sleep(long nanos) throws InterruptedException;
}
