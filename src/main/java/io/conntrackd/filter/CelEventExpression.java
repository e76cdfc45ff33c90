package io.conntrackd.filter;

import java.util.ArrayList;
import java.util.List;

import dev.cel.runtime.CelEvaluationException;
import io.conntrackd.support.EventBodies;
import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ExpressionEvaluationException;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.ExpressionSupport;

/**
 * A compiled {@code cel} expression on the message body. On a single event it is the CEL value; on a
 * batch (a list of events) the expression is the list of the values per event, and the predicate is
 * true when it is true for at least one event.
 */
final class CelEventExpression extends ExpressionSupport {

    private final CompiledExpression expression;

    CelEventExpression(CompiledExpression expression) {
        this.expression = expression;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        try {
            if (body instanceof ConntrackEvent event) {
                return expression.test(event);
            }
            boolean[] any = {false};
            EventBodies.forEach(exchange.getMessage(), event -> any[0] = any[0] || test(event));
            return any[0];
        } catch (InvalidPayloadException | CelEvaluationException | EvaluationFailure e) {
            throw new ExpressionEvaluationException(this, exchange, cause(e));
        }
    }

    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        Object body = exchange.getMessage().getBody();
        Object value;
        try {
            if (body instanceof ConntrackEvent event) {
                value = expression.evaluate(event);
            } else {
                List<Object> values = new ArrayList<>();
                EventBodies.forEach(exchange.getMessage(), event -> values.add(evaluate(event)));
                value = values;
            }
        } catch (InvalidPayloadException | CelEvaluationException | EvaluationFailure e) {
            throw new ExpressionEvaluationException(this, exchange, cause(e));
        }
        return exchange.getContext().getTypeConverter().convertTo(type, exchange, value);
    }

    private boolean test(ConntrackEvent event) {
        try {
            return expression.test(event);
        } catch (CelEvaluationException e) {
            throw new EvaluationFailure(e);
        }
    }

    private Object evaluate(ConntrackEvent event) {
        try {
            return expression.evaluate(event);
        } catch (CelEvaluationException e) {
            throw new EvaluationFailure(e);
        }
    }

    private static Throwable cause(Exception e) {
        return e instanceof EvaluationFailure f ? f.getCause() : e;
    }

    /** Carries a checked evaluation failure out of a lambda. */
    private static final class EvaluationFailure extends RuntimeException {
        EvaluationFailure(CelEvaluationException cause) {
            super(cause);
        }
    }

    @Override
    protected String assertionFailureMessage(Exchange exchange) {
        return expression.text();
    }

    @Override
    public String toString() {
        return "cel{" + expression.text() + "}";
    }
}
