package io.conntrackd.filter;

/** What a matching rule does with an event. */
public enum Action {
    /** Pass the event on to the sinks. */
    LOG,
    /** Do not pass the event on. */
    DROP;

    /** The rule keyword: {@code log} or {@code drop}. */
    public String keyword() {
        return this == LOG ? "log" : "drop";
    }
}
