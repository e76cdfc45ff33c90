package io.conntrackd.filter;

/** A CEL expression that does not compile: the reason and where in the expression it was found. */
public final class InvalidExpressionException extends Exception {

    private final int offset;

    /**
     * @param reason what is wrong, without the position
     * @param offset index of the offending character in the expression (in code points), or -1
     */
    public InvalidExpressionException(String reason, int offset) {
        super(reason);
        this.offset = offset;
    }

    /** Index of the offending character in the expression (in code points), or -1 if unknown. */
    public int offset() {
        return offset;
    }

    /**
     * The reason with where it applies, e.g. {@code undefined field 'typ' at column 12}.
     *
     * @param text            the text that holds the expression (a rule, or the expression itself)
     * @param expressionStart where the expression starts in {@code text}, in code points
     */
    public String describeIn(String text, int expressionStart) {
        if (offset < 0) {
            return getMessage();
        }
        int line = 1;
        int column = 1;
        int i = 0;
        for (int seen = 0; seen < expressionStart + offset && i < text.length(); seen++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return getMessage() + (text.indexOf('\n') >= 0 ? " at line " + line + ", column " + column
                : " at column " + column);
    }
}
