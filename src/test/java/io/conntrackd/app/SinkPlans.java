package io.conntrackd.app;

import java.util.Map;

/** The sinks {@link SinkPlan} selects for a configuration, both of its steps in one, for tests. */
final class SinkPlans {

    private SinkPlans() {
    }

    static SinkPlan.Selected select(Configuration config, Map<String, String> environment)
            throws ConfigurationException, StartupException {
        return SinkPlan.prepare(config, environment).select(config);
    }
}
