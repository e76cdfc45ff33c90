package io.conntrackd.support;

/** Where a failure began: Camel, Netty and kafka-clients wrap the exception that says what went wrong. */
public final class Causes {

    private Causes() {
    }

    /** Deeper than any real chain; a longer one is a cycle (A caused by B caused by A). */
    private static final int MAX_DEPTH = 100;

    /** The innermost cause of {@code failure}, or {@code failure} itself when it has none. */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; depth < MAX_DEPTH && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root;
    }
}
