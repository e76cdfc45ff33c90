package io.conntrackd.support;

import org.apache.camel.CamelContext;

/**
 * Told when one of conntrackd's consumers or sink endpoints has started in a CamelContext: the meters
 * ({@code io.conntrackd.observe.AutoMeters}) bind theirs then. The listener is found with Camel's factory
 * finder ({@value #RESOURCE_PATH}{@value #KEY}), so that the consumers and sinks need not know who listens.
 */
public interface StartListener {

    String RESOURCE_PATH = "META-INF/services/io/conntrackd/";
    String KEY = "start-listener";

    /**
     * Called when a consumer or sink endpoint of {@code context} has started, from its start: an endpoint is
     * not yet among the context's endpoints then.
     */
    void started(CamelContext context, Object part);

    /** Tells the context's listener, found once per context; none found, nothing happens. */
    static void notifyStarted(CamelContext context, Object part) {
        StartListener listener;
        synchronized (context) {
            listener = context.getCamelContextExtension().getContextPlugin(StartListener.class);
            if (listener == null) {
                listener = context.getCamelContextExtension().getFactoryFinder(RESOURCE_PATH)
                        .newInstance(KEY, StartListener.class).orElse((c, p) -> { });
                context.getCamelContextExtension().addContextPlugin(StartListener.class, listener);
            }
        }
        listener.started(context, part);
    }
}
