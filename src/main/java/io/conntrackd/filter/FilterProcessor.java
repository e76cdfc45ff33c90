package io.conntrackd.filter;

import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.support.EventBodies;
import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The filter step of the default route: keeps the events that the rules log, in the body's shape (one
 * event or a batch), and stops the exchange when none is left so that dropped events cost nothing
 * further down the route. Without rules it passes every exchange on untouched.
 */
public final class FilterProcessor implements Processor {

    /** The name under which conntrackd binds the processor for routes/conntrackd.camel.yaml. */
    public static final String BEAN_NAME = "conntrackdFilter";

    private final FilterRules rules;
    private final LongAdder evaluated = new LongAdder();
    private final LongAdder logged = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public FilterProcessor(FilterRules rules) {
        this.rules = rules;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (rules.isEmpty()) {
            return;
        }
        if (EventBodies.retain(exchange.getMessage(), this::keep) == 0) {
            exchange.setRouteStop(true);
        }
    }

    private boolean keep(ConntrackEvent event) {
        evaluated.increment();
        boolean log = rules.shouldLog(event);
        (log ? logged : dropped).increment();
        return log;
    }

    public FilterRules rules() {
        return rules;
    }

    /** Events the rules were applied to (none while there are no rules). */
    public long evaluated() {
        return evaluated.sum();
    }

    /** Events passed on: matched by a {@code log} rule or by no rule. */
    public long logged() {
        return logged.sum();
    }

    /** Events matched by a {@code drop} rule and not passed on. */
    public long dropped() {
        return dropped.sum();
    }
}
