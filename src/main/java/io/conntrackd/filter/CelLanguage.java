package io.conntrackd.filter;

import org.apache.camel.Expression;
import org.apache.camel.ExpressionIllegalSyntaxException;
import org.apache.camel.Predicate;
import org.apache.camel.support.LanguageSupport;

/**
 * The {@code cel} language: CEL expressions and predicates on conntrack events, with the variables and
 * functions of the filter rules ({@code event.type == 'NEW' && is_network(destination.address, 'PUBLIC')}).
 * Expressions are compiled when the route is created; a bad one fails route creation with the reason
 * and its column. See docs/filter.md for how a batch body is treated.
 */
@org.apache.camel.spi.annotations.Language("cel")
public class CelLanguage extends LanguageSupport {

    @Override
    public Predicate createPredicate(String expression) {
        return compile(expression, true);
    }

    @Override
    public Expression createExpression(String expression) {
        return compile(expression, false);
    }

    private CelEventExpression compile(String expression, boolean predicate) {
        String text = loadResource(expression);
        try {
            return new CelEventExpression(ConntrackCel.shared().compile(text, predicate));
        } catch (InvalidExpressionException e) {
            throw new ExpressionIllegalSyntaxException(text, new IllegalArgumentException(e.describeIn(text, 0)));
        }
    }
}
