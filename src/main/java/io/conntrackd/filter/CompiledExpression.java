package io.conntrackd.filter;

import dev.cel.runtime.CelEvaluationException;
import io.conntrackd.conntrack.ConntrackEvent;

/**
 * A CEL expression compiled by {@link ConntrackCel}, ready to be evaluated on events (thread-safe). A
 * condition in the shapes {@link ConditionCompiler} knows runs as plain Java, any other on CEL's
 * interpreter.
 */
public final class CompiledExpression {

    private final String text;
    private final LazyProgram program;
    private final Condition condition;

    CompiledExpression(String text, LazyProgram program, Condition condition) {
        this.text = text;
        this.program = program;
        this.condition = condition;
    }

    public String text() {
        return text;
    }

    /**
     * The expression's value on one event: a String, Long, Boolean, or a List/Map for such expressions.
     *
     * @throws CelEvaluationException when the expression fails on this event (e.g. a division by zero or
     *                                a malformed address built at run time)
     */
    public Object evaluate(ConntrackEvent event) throws CelEvaluationException {
        return evaluate(new EventVariables(event));
    }

    Object evaluate(EventVariables variables) throws CelEvaluationException {
        try {
            return program.get().eval(variables);
        } catch (CelEvaluationException e) {
            // CEL names the failing function and its arguments; the cause says what was wrong with them
            Throwable cause = e.getCause();
            throw cause == null || cause.getMessage() == null ? e
                    : new CelEvaluationException(e.getMessage() + ": " + cause.getMessage(), e);
        } catch (RuntimeException e) {
            // functions report bad run-time arguments with IllegalArgumentException
            throw new CelEvaluationException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /**
     * Whether a boolean expression is true for this event.
     *
     * @throws CelEvaluationException when it fails or is not a boolean
     */
    public boolean test(ConntrackEvent event) throws CelEvaluationException {
        return test(new EventVariables(event));
    }

    boolean test(EventVariables variables) throws CelEvaluationException {
        if (condition == null) {
            return interpret(variables);
        }
        try {
            return condition.test(variables);
        } catch (RuntimeException e) {
            throw new CelEvaluationException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /** Whether {@link #test} runs as plain Java rather than on CEL's interpreter. */
    // ConditionCompilerTest needs it: comparing test() with interpret() proves something only when test() is Java
    boolean runsAsJava() {
        return condition != null;
    }

    /** Whether the condition holds, by CEL's interpreter. */
    boolean interpret(EventVariables variables) throws CelEvaluationException {
        Object value = evaluate(variables);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new CelEvaluationException("expected a bool, got " + value);
    }

    @Override
    public String toString() {
        return text;
    }
}
