package io.conntrackd.sink;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conntrackd.support.UrlCredentials;

/**
 * A sink option whose value cannot be used. The problem is a sentence in which {@code {}} stands for the
 * culprit with its value and {@code {name}} for another option, so that each reader sees the names it
 * knows: endpoint options in this exception's message, settings in the daemon's ({@link #render}).
 */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final Pattern REFERENCE = Pattern.compile("\\{(\\w*)}");

    private final String option;
    private final String value;
    private final String problem;

    /**
     * @param option  the culprit, by its option name
     * @param value   its value (user information of a URL is masked)
     * @param problem what is wrong, e.g. {@code "{}: must be at least 1"}
     */
    public InvalidOptionException(String option, Object value, String problem) {
        this.option = option;
        this.value = String.valueOf(value);
        this.problem = problem;
    }

    /** The culprit's option name, e.g. {@code batchLines}. */
    public String option() {
        return option;
    }

    /**
     * The message, with {@code {}} replaced by {@code culprit} and every other option by what
     * {@code nameOf} makes of its name.
     */
    public String render(String culprit, UnaryOperator<String> nameOf) {
        Matcher m = REFERENCE.matcher(problem);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1).isEmpty() ? culprit : nameOf.apply(r.group(1))));
    }

    /** E.g. {@code batchLines = "0": must be at least 1}. */
    @Override
    public String getMessage() {
        return render(option + " = \"" + UrlCredentials.masked(value) + "\"", UnaryOperator.identity());
    }
}
