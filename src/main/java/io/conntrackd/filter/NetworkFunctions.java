package io.conntrackd.filter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import io.conntrackd.conntrack.IpAddress;

/**
 * The original tool's functions: {@code is_network(ip, category)}, {@code in_cidr(ip, cidr)} and
 * {@code in_range(value, min, max)}, declared for the checker and bound for the runtime.
 *
 * <p>Constant arguments (an address, a category name, a CIDR) are checked when an expression is
 * compiled, so a typo stops startup instead of failing on every event; constant CIDRs and categories
 * are parsed then and looked up by their text at run time.
 */
final class NetworkFunctions {

    static final String IS_NETWORK = "is_network";
    static final String IN_CIDR = "in_cidr";
    static final String IN_RANGE = "in_range";

    private final Map<String, Cidr> constantCidrs = new ConcurrentHashMap<>();

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration(IS_NETWORK, CelOverloadDecl.newGlobalOverload(
                        "is_network_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(IN_CIDR, CelOverloadDecl.newGlobalOverload(
                        "in_cidr_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(IN_RANGE, CelOverloadDecl.newGlobalOverload(
                        "in_range_int_int_int", SimpleType.BOOL, SimpleType.INT, SimpleType.INT, SimpleType.INT)));
    }

    List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("is_network_string_string", String.class, String.class,
                        (ip, category) -> NetworkCategory.of(category).contains(IpAddress.parse(ip))),
                CelFunctionBinding.from("in_cidr_string_string", String.class, String.class,
                        (ip, cidr) -> cidr(cidr).contains(IpAddress.parse(ip))),
                CelFunctionBinding.from("in_range_int_int_int", List.of(Long.class, Long.class, Long.class),
                        args -> (Long) args[1] <= (Long) args[0] && (Long) args[0] <= (Long) args[2]));
    }

    private Cidr cidr(String text) {
        Cidr c = constantCidrs.get(text);
        return c != null ? c : Cidr.parse(text);
    }

    /**
     * Checks the constant arguments of every call in a checked expression and remembers the parsed
     * CIDRs.
     *
     * @throws InvalidExpressionException naming the first invalid argument
     */
    void checkConstantArguments(CelAbstractSyntaxTree ast) throws InvalidExpressionException {
        List<CelExpr> calls = CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .map(n -> n.expr())
                .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.CALL)
                .toList();
        for (CelExpr call : calls) {
            String function = call.call().function();
            List<CelExpr> args = call.call().args();
            switch (function) {
                case IS_NETWORK -> {
                    check(ast, function, args.get(0), IpAddress::parse);
                    check(ast, function, args.get(1), NetworkCategory::of);
                }
                case IN_CIDR -> {
                    check(ast, function, args.get(0), IpAddress::parse);
                    check(ast, function, args.get(1), text -> constantCidrs.put(text, Cidr.parse(text)));
                }
                default -> {
                    // other functions have no constant arguments to check
                }
            }
        }
    }

    private interface Check {
        void apply(String constant);
    }

    private static void check(CelAbstractSyntaxTree ast, String function, CelExpr arg, Check check)
            throws InvalidExpressionException {
        if (arg.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return;
        }
        try {
            check.apply(arg.constant().stringValue());
        } catch (IllegalArgumentException e) {
            int offset = ast.getSource().getPositionsMap().getOrDefault(arg.id(), -1);
            throw new InvalidExpressionException("invalid argument of " + function + "(): " + e.getMessage(),
                    offset);
        }
    }
}
