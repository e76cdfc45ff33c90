package io.conntrackd.support;

/** Where a failure began: Camel, Netty and kafka-clients wrap the exception that says what went wrong. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause of {@code failure}, or {@code failure} itself when it has none. */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
