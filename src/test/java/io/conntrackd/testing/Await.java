package io.conntrackd.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/** Polls something until it satisfies a condition or time runs out: tests wait for events this way. */
public final class Await {

    /** A source of snapshots that may fail with an IOException. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws IOException;
    }

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** The first snapshot that satisfies {@code done}, or the last one taken when {@code timeout} ran out. */
    public static <T> T until(Probe<T> probe, Predicate<T> done, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            TestNamespace.sleep(POLL_MILLIS);
            value = probe.get();
        }
        return value;
    }
}
