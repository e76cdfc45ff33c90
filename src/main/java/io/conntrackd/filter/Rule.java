package io.conntrackd.filter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.cel.runtime.CelEvaluationException;
import io.conntrackd.support.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * One filter rule, {@code log <expression>} or {@code drop <expression>}, compiled, with its counters.
 * A rule that fails on an event does not match it: the failure is counted and reported at most every
 * 10 seconds per rule, and the next rule is tried.
 */
public final class Rule {

    private final int position;
    private final String text;
    private final Action action;
    private final CompiledExpression expression;
    private final LongAdder matched = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final RateLimitedLog errorLog = new RateLimitedLog(LoggerFactory.getLogger(Rule.class), 10,
            TimeUnit.SECONDS);

    Rule(int position, String text, Action action, CompiledExpression expression) {
        this.position = position;
        this.text = text;
        this.action = action;
        this.expression = expression;
    }

    /** Whether the rule matches the event; counts the match, or the failure. */
    boolean matches(EventVariables event) {
        boolean match;
        try {
            match = expression.test(event);
        } catch (CelEvaluationException e) {
            errors.increment();
            errorLog.warn(1, "{} event(s) not matched by filter rule {} \"{}\" because it failed on them: {}",
                    position, text, e.getMessage());
            return false;
        }
        if (match) {
            matched.increment();
        }
        return match;
    }

    /** 1-based position in the list of rules. */
    public int position() {
        return position;
    }

    public String text() {
        return text;
    }

    public Action action() {
        return action;
    }

    /** Events this rule matched (and so logged or dropped, by its action). */
    public long matched() {
        return matched.sum();
    }

    /** Events on which this rule failed to evaluate. */
    public long errors() {
        return errors.sum();
    }

    @Override
    public String toString() {
        return "rule " + position + " \"" + text + "\"";
    }
}
