package io.conntrackd.filter;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import io.conntrackd.conntrack.IpAddress;

/**
 * Compiles the shapes that filter rules are made of to plain Java, so that the common rule costs a few
 * field reads and comparisons instead of a run of CEL's interpreter: {@code && || !}, comparisons of
 * ints, strings and bools, the variables, literals, and {@code is_network}, {@code in_cidr} and
 * {@code in_range} (which then read addresses straight from the event instead of parsing their text).
 *
 * <p>Works on the checked AST, so types are known. Anything else (arithmetic, macros, string methods,
 * lists, ...) makes {@link #compile} return {@code null} and the whole expression is left to CEL.
 * {@code &&} and {@code ||} keep CEL's rule for errors: an error on one side is absorbed when the
 * other side alone decides the result. RuleEvaluationTest checks both paths agree.
 */
final class ConditionCompiler {

    private static final Unsupported UNSUPPORTED = new Unsupported();

    private final CelAbstractSyntaxTree ast;

    private ConditionCompiler(CelAbstractSyntaxTree ast) {
        this.ast = ast;
    }

    /** The expression as a {@link Condition}, or {@code null} when it uses something not handled here. */
    static Condition compile(CelAbstractSyntaxTree ast) {
        try {
            return new ConditionCompiler(ast).condition(ast.getExpr());
        } catch (Unsupported e) {
            return null;
        }
    }

    private interface Value {
        Object get(EventVariables event);
    }

    private interface Address {
        IpAddress get(EventVariables event);
    }

    private Condition condition(CelExpr e) throws Unsupported {
        if (e.getKind() != CelExpr.ExprKind.Kind.CALL) {
            requireType(e, SimpleType.BOOL);
            Value value = value(e);
            return event -> (Boolean) value.get(event);
        }
        List<CelExpr> args = e.call().args();
        return switch (e.call().function()) {
            case "_&&_" -> and(condition(args.get(0)), condition(args.get(1)));
            case "_||_" -> or(condition(args.get(0)), condition(args.get(1)));
            case "!_" -> not(condition(args.get(0)));
            case "_==_" -> equal(args);
            case "_!=_" -> not(equal(args));
            case "_<_" -> compare(args, c -> c < 0);
            case "_<=_" -> compare(args, c -> c <= 0);
            case "_>_" -> compare(args, c -> c > 0);
            case "_>=_" -> compare(args, c -> c >= 0);
            case NetworkFunctions.IS_NETWORK -> function(NetworkFunctions.IS_NETWORK,
                    membership(args, NetworkCategory::of));
            case NetworkFunctions.IN_CIDR -> function(NetworkFunctions.IN_CIDR, membership(args, Cidr::parse));
            case NetworkFunctions.IN_RANGE -> inRange(args);
            default -> throw UNSUPPORTED;
        };
    }

    private static Condition and(Condition left, Condition right) {
        return event -> {
            try {
                if (!left.test(event)) {
                    return false;
                }
            } catch (IllegalArgumentException error) {
                if (!right.test(event)) {
                    return false; // CEL: error && false == false
                }
                throw error;
            }
            return right.test(event);
        };
    }

    private static Condition or(Condition left, Condition right) {
        return event -> {
            try {
                if (left.test(event)) {
                    return true;
                }
            } catch (IllegalArgumentException error) {
                if (right.test(event)) {
                    return true; // CEL: error || true == true
                }
                throw error;
            }
            return right.test(event);
        };
    }

    private static Condition not(Condition inner) {
        return event -> !inner.test(event);
    }

    private Condition equal(List<CelExpr> args) throws Unsupported {
        sameType(args, SimpleType.STRING, SimpleType.INT, SimpleType.BOOL);
        Value left = value(args.get(0));
        Value right = value(args.get(1));
        return event -> Objects.equals(left.get(event), right.get(event));
    }

    private interface Order {
        boolean holds(int comparison);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Condition compare(List<CelExpr> args, Order order) throws Unsupported {
        sameType(args, SimpleType.STRING, SimpleType.INT);
        Value left = value(args.get(0));
        Value right = value(args.get(1));
        return event -> order.holds(((Comparable) left.get(event)).compareTo(right.get(event)));
    }

    /**
     * {@code is_network(ip, category)} or {@code in_cidr(ip, cidr)}: a constant second argument is parsed
     * once (it was checked when compiled), a computed one on each call.
     */
    private Condition membership(List<CelExpr> args, Function<String, AddressSet> parse) throws Unsupported {
        Address ip = address(args.get(0));
        String constant = stringConstant(args.get(1));
        if (constant != null) {
            AddressSet set = parse.apply(constant);
            return event -> set.contains(ip.get(event));
        }
        Value text = value(args.get(1));
        return event -> parse.apply((String) text.get(event)).contains(ip.get(event));
    }

    private Condition inRange(List<CelExpr> args) throws Unsupported {
        Value value = value(args.get(0));
        Value min = value(args.get(1));
        Value max = value(args.get(2));
        return event -> {
            long v = (Long) value.get(event);
            return (Long) min.get(event) <= v && v <= (Long) max.get(event);
        };
    }

    /** A function call that names the function when its arguments are unusable (e.g. computed CIDRs). */
    private static Condition function(String name, Condition call) {
        return event -> {
            try {
                return call.test(event);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Function '" + name + "' failed: " + e.getMessage(), e);
            }
        };
    }

    /** An address argument: read from the event for the address variables, parsed otherwise. */
    private Address address(CelExpr e) throws Unsupported {
        String name = variable(e);
        if (name != null && name.endsWith(".address")) {
            return event -> event.address(name);
        }
        Value text = value(e);
        return event -> IpAddress.parse((String) text.get(event));
    }

    private Value value(CelExpr e) throws Unsupported {
        if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
            Object constant = constant(e.constant());
            return event -> constant;
        }
        String name = variable(e);
        if (name == null) {
            throw UNSUPPORTED;
        }
        return event -> event.value(name);
    }

    /** The name of the (non-struct) variable that {@code e} reads, or {@code null}. */
    private String variable(CelExpr e) {
        String name = ast.getReference(e.id()).map(CelReference::name).orElse(null);
        CelType type = name == null ? null : EventTypes.ALL_NAMES.get(name);
        return type == null || type instanceof StructType ? null : name;
    }

    private static Object constant(CelConstant c) throws Unsupported {
        return switch (c.getKind()) {
            case STRING_VALUE -> c.stringValue();
            case INT64_VALUE -> c.int64Value();
            case BOOLEAN_VALUE -> c.booleanValue();
            default -> throw UNSUPPORTED;
        };
    }

    private static String stringConstant(CelExpr e) {
        return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? e.constant().stringValue() : null;
    }

    private CelType sameType(List<CelExpr> args, CelType... allowed) throws Unsupported {
        CelType left = ast.getType(args.get(0).id()).orElse(null);
        CelType right = ast.getType(args.get(1).id()).orElse(null);
        for (CelType t : allowed) {
            if (t.equals(left) && t.equals(right)) {
                return t;
            }
        }
        throw UNSUPPORTED;
    }

    private void requireType(CelExpr e, CelType type) throws Unsupported {
        if (!type.equals(ast.getType(e.id()).orElse(null))) {
            throw UNSUPPORTED;
        }
    }

    /** Thrown, without a stack trace, where an expression leaves the supported shapes. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }
}
