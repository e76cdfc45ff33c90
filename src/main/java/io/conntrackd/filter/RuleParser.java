package io.conntrackd.filter;

import java.util.Locale;

/**
 * Turns the text of a rule into a {@link Rule}: an action keyword in any case ({@code log}, {@code DROP},
 * {@code Log}, as the original's parser takes it), whitespace, then a CEL expression.
 * {@code any} is a variable that is always true, so {@code drop any} works as in the original tool
 * while the expression is compiled unchanged and error columns point into the rule as written.
 */
final class RuleParser {

    private final ConntrackCel cel;

    RuleParser(ConntrackCel cel) {
        this.cel = cel;
    }

    Rule parse(int position, String text) throws FilterRuleException {
        int start = skipWhitespace(text, 0);
        if (start == text.length()) {
            throw new FilterRuleException(position, text, "empty rule: expected 'log <expression>' or"
                    + " 'drop <expression>'");
        }
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String word = text.substring(start, end);
        Action action = actionOf(word);
        int expressionStart = skipWhitespace(text, end);
        boolean more = expressionStart < text.length();
        if (action == null) {
            throw new FilterRuleException(position, text, isWord(word) && more
                    ? "unknown action '" + word + "' at column " + (start + 1) + ": expected 'log' or 'drop'"
                    : "missing action: a rule is 'log <expression>' or 'drop <expression>'");
        }
        if (!more) {
            throw new FilterRuleException(position, text, "empty expression: expected a condition after '"
                    + word + "', e.g. '" + word + " any'");
        }
        try {
            return new Rule(position, text, action, cel.compile(text.substring(expressionStart), true));
        } catch (InvalidExpressionException e) {
            throw new FilterRuleException(position, text,
                    e.describeIn(text, text.codePointCount(0, expressionStart)));
        }
    }

    private static Action actionOf(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "log" -> Action.LOG;
            case "drop" -> Action.DROP;
            default -> null;
        };
    }

    private static boolean isWord(String s) {
        return s.chars().allMatch(c -> Character.isLetter(c) || c == '_' || c == '-');
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
