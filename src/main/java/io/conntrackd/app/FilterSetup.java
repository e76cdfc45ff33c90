package io.conntrackd.app;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.FilterRuleException;
import io.conntrackd.filter.FilterRules;

/** Compiles the {@code filter} rules before Camel starts, so that a bad rule stops startup (exit code 2). */
final class FilterSetup {

    private FilterSetup() {
    }

    /**
     * Starts compiling the rules on a thread of its own: CEL's compiler takes a good share of the start-up,
     * and the rest of the set-up (sinks, GeoIP databases, Camel's main) does not need the rules until
     * Camel starts. {@link #await} gives the result.
     */
    static FutureTask<FilterProcessor> inBackground(Configuration config) {
        FutureTask<FilterProcessor> task = new FutureTask<>(() -> processor(config));
        Thread thread = new Thread(task, "conntrackd-filter-setup");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** The processor that {@link #inBackground} compiled, or the reason it could not. */
    static FilterProcessor await(FutureTask<FilterProcessor> task) throws ConfigurationException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the filter rules", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigurationException c) {
                throw c;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        }
    }

    /** The default route's filter step for the configured rules. */
    static FilterProcessor processor(Configuration config) throws ConfigurationException {
        try {
            return new FilterProcessor(FilterRules.compile(config.list(Settings.FILTER)));
        } catch (FilterRuleException e) {
            throw new ConfigurationException("invalid filter rule " + e.position() + " \"" + e.rule() + "\" (from "
                    + config.origin(Settings.FILTER) + "): " + e.reason(), e);
        }
    }
}
