package io.conntrackd.sink;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;

/**
 * When the sinks of a stopping CamelContext began to stop. Camel stops endpoints one after the other,
 * but every sink's worker keeps writing until its own endpoint stops, so all sinks drain at the same
 * time: each may drain until this moment plus its own drainTimeout. Shutdown with several slow or hung
 * sinks therefore takes about one drainTimeout, not one per sink.
 */
final class DrainStart {

    private final long nanos = System.nanoTime();

    private DrainStart() {
    }

    /**
     * The {@link System#nanoTime()} until which a sink stopping now may drain: {@code drainMillis} after
     * the first sink of the stopping context began to stop, or after now when the context is not stopping
     * (a single endpoint stopped on its own).
     */
    static long deadline(CamelContext context, long drainMillis) {
        long drain = TimeUnit.MILLISECONDS.toNanos(drainMillis);
        if (context == null || !context.isStopping()) {
            return System.nanoTime() + drain;
        }
        ExtendedCamelContext extension = context.getCamelContextExtension();
        DrainStart start;
        synchronized (DrainStart.class) {
            start = extension.getContextPlugin(DrainStart.class);
            if (start == null) {
                start = new DrainStart();
                extension.addContextPlugin(DrainStart.class, start);
            }
        }
        return start.nanos + drain;
    }
}
