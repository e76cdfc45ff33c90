package io.conntrackd.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Polls something until it satisfies a condition, or fails the test when time runs out: tests wait
 * for events this way. Time running out is a failure, never a quiet return, and its message says what
 * was awaited and what was seen last.
 */
public final class Await {

    /** A source of snapshots that may fail with an IOException. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws IOException;
    }

    private static final long POLL_MILLIS = 50;
    private static final int MAX_SHOWN_CHARS = 4000;

    private Await() {
    }

    /**
     * The first snapshot that satisfies {@code done}. Throws an AssertionError naming {@code what} and the
     * last snapshot when none did within {@code timeout}.
     */
    public static <T> T until(String what, Probe<T> probe, Predicate<T> done, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout + " for " + what + "; last seen: " + shown(value));
            }
            TestNamespace.sleep(POLL_MILLIS);
            value = probe.get();
        }
        return value;
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        if (text.length() > MAX_SHOWN_CHARS) {
            text = text.substring(0, MAX_SHOWN_CHARS) + "...";
        }
        return value instanceof Collection<?> c ? c.size() + " item(s) " + text : text;
    }
}
