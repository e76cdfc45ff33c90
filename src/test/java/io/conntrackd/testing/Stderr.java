package io.conntrackd.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What code running in the test JVM writes to stderr, where the daemon's log goes. */
public final class Stderr {

    private Stderr() {
    }

    /** What {@code action} wrote to {@link System#err} (UTF-8), which is restored afterwards. */
    public static String of(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
