package io.conntrackd.filter;

import static io.conntrackd.conntrack.EventType.NEW;
import static io.conntrackd.conntrack.Protocol.TCP;
import static io.conntrackd.conntrack.Protocol.UDP;
import static io.conntrackd.filter.OriginalExamplesTest.assertDecision;
import static io.conntrackd.filter.OriginalExamplesTest.event;
import static io.conntrackd.filter.OriginalExamplesTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The original's parser takes the action keyword in any case: {@code LOG any}, {@code Drop ...}, {@code lOg}. */
class ActionCaseTest {

    @Test
    void actionsAreReadInAnyCase() throws Exception {
        FilterRules r = rules("Drop destination.address == \"8.8.8.8\"", "lOg protocol == \"TCP\"", "DROP any");
        assertThat(r.rules()).extracting(Rule::action).containsExactly(Action.DROP, Action.LOG, Action.DROP);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "8.8.8.8", 443), 1, false);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "1.1.1.1", 443), 2, true);
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "1.1.1.1", 53), 3, false);
    }

    @Test
    void logAnyInCapitals() throws Exception {
        FilterRules r = rules("LOG any", "drop any");
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "1.1.1.1", 53), 1, true);
    }
}
