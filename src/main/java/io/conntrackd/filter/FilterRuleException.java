package io.conntrackd.filter;

/** A filter rule that cannot be used: startup stops with this message. */
public final class FilterRuleException extends Exception {

    private final int position;
    private final String rule;
    private final String reason;

    /**
     * @param position the rule's 1-based position in the list of rules
     * @param rule     the rule as given
     * @param reason   what is wrong, with the column where it applies
     */
    public FilterRuleException(int position, String rule, String reason) {
        super("rule " + position + " \"" + rule + "\": " + reason);
        this.position = position;
        this.rule = rule;
        this.reason = reason;
    }

    public int position() {
        return position;
    }

    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }
}
