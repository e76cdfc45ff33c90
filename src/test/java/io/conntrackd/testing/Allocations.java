package io.conntrackd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/** What a piece of code allocates, from the JVM's per-thread allocation counter: a budget, not a speed. */
public final class Allocations {

    private Allocations() {
    }

    /** Code to measure. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /**
     * Bytes allocated per call of {@code action}, on average over {@code rounds} calls after as many to warm
     * up (so that the JIT has compiled it and escape analysis has done its part). Skips the test on a JVM
     * without the counter.
     */
    public static long perCall(int rounds, Action action) throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        long id = Thread.currentThread().getId();
        for (int i = 0; i < rounds; i++) {
            action.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < rounds; i++) {
            action.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / rounds;
    }
}
