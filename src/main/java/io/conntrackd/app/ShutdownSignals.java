package io.conntrackd.app;

import org.apache.camel.main.MainSupport;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the daemon gracefully and let it exit 0, as the original does; without
 * these handlers the JVM would run its shutdown hooks and exit with 143 or 130 instead.
 */
final class ShutdownSignals {

    private ShutdownSignals() {
    }

    static void stopOnSignal(MainSupport main) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> main.completed());
        }
    }
}
