package io.conntrackd.filter;

import java.util.ArrayList;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;

/**
 * An ordered list of filter rules, compiled once. The first rule that matches an event decides whether
 * it is logged or dropped; an event that no rule matches is logged.
 */
public final class FilterRules {

    private static final FilterRules NONE = new FilterRules(List.of());

    private final Rule[] rules;

    private FilterRules(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
    }

    /** No rules: every event is logged. */
    public static FilterRules none() {
        return NONE;
    }

    /**
     * Compiles rules given as {@code log <expression>} or {@code drop <expression>}, in order.
     *
     * @throws FilterRuleException for the first rule that cannot be used, naming its 1-based position
     */
    public static FilterRules compile(List<String> rules) throws FilterRuleException {
        RuleParser parser = new RuleParser(ConntrackCel.shared());
        List<Rule> compiled = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            compiled.add(parser.parse(i + 1, rules.get(i)));
        }
        return compiled.isEmpty() ? NONE : new FilterRules(compiled);
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    public List<Rule> rules() {
        return List.of(rules);
    }

    /** The first rule that matches the event, or {@code null} when none does. */
    public Rule decide(ConntrackEvent event) {
        EventVariables variables = new EventVariables(event);
        for (Rule rule : rules) {
            if (rule.matches(variables)) {
                return rule;
            }
        }
        return null;
    }

    /** Whether the event is to be logged: the first matching rule is a {@code log} rule, or none matches. */
    public boolean shouldLog(ConntrackEvent event) {
        Rule rule = decide(event);
        return rule == null || rule.action() == Action.LOG;
    }
}
