package io.conntrackd.app;

import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.FilterRuleException;
import io.conntrackd.filter.FilterRules;

/** Compiles the {@code filter} rules before Camel starts, so that a bad rule stops startup (exit code 2). */
final class FilterSetup {

    private FilterSetup() {
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
