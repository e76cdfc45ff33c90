package io.conntrackd.filter;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment for conntrack events: the variables of {@link EventTypes}, the functions of
 * {@link NetworkFunctions} and CEL's standard library and macros. Compiling is slow (parse, type check,
 * plan) and done once per expression; the result is evaluated per event. CEL's runtime is built only
 * when an expression needs CEL's interpreter (one that does not compile to Java, or an explicit
 * {@link CompiledExpression#evaluate}).
 */
public final class ConntrackCel {

    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']*)'.*");

    private final NetworkFunctions functions = new NetworkFunctions();
    private final CelCompiler compiler;
    private CelRuntime runtime;

    ConntrackCel() { // package-private for tests; the daemon uses shared()
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setTypeProvider(new EventTypes())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(NetworkFunctions.declarations());
        EventTypes.ALL_NAMES.forEach(builder::addVar);
        compiler = builder.build();
    }

    /** Whether CEL's runtime was built (tests: conditions compiled to Java must not need it). */
    synchronized boolean runtimeBuilt() {
        return runtime != null;
    }

    private synchronized CelRuntime runtime() {
        if (runtime == null) {
            runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                    .addFunctionBindings(functions.bindings())
                    .build();
        }
        return runtime;
    }

    /** The one environment of the process (it holds no per-expression state besides parsed constants). */
    public static ConntrackCel shared() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ConntrackCel INSTANCE = new ConntrackCel();
    }

    /**
     * Compiles an expression once.
     *
     * @param predicate whether the expression must be boolean (a rule or a Camel predicate)
     * @throws InvalidExpressionException with the reason and the offending offset
     */
    public CompiledExpression compile(String expression, boolean predicate) throws InvalidExpressionException {
        if (expression.isBlank()) {
            throw new InvalidExpressionException("empty expression", -1);
        }
        CelAbstractSyntaxTree ast = check(expression);
        if (predicate && !ast.getResultType().equals(SimpleType.BOOL)) {
            throw new InvalidExpressionException("wrong type: the expression is of type "
                    + ast.getResultType().name() + ", but a condition must be of type bool", 0);
        }
        functions.checkConstantArguments(ast);
        Condition condition = predicate ? ConditionCompiler.compile(ast) : null;
        LazyProgram program = new LazyProgram(() -> runtime().createProgram(ast));
        if (condition == null) {
            try {
                program.get(); // CEL's interpreter runs it: plan it now, so that a failure stops start-up
            } catch (CelEvaluationException e) {
                throw new InvalidExpressionException(e.getMessage(), -1);
            }
        }
        return new CompiledExpression(expression, program, condition);
    }

    private CelAbstractSyntaxTree check(String expression) throws InvalidExpressionException {
        try {
            CelValidationResult parsed = compiler.parse(expression);
            if (parsed.hasError()) {
                throw describe(parsed, expression, "syntax error: ");
            }
            rejectBareType(parsed.getAst());
            CelValidationResult checked = compiler.check(parsed.getAst());
            if (checked.hasError()) {
                throw describe(checked, expression, "");
            }
            return checked.getAst();
        } catch (CelValidationException e) {
            throw new InvalidExpressionException(e.getMessage(), -1); // hasError() was false: cannot happen
        }
    }

    /**
     * {@code type} is a CEL type name, so the checker's complaint about {@code type == "NEW"} (no
     * overload for type(dyn)) would not help; the original's users meant {@code event.type}.
     */
    private static void rejectBareType(CelAbstractSyntaxTree parsed) throws InvalidExpressionException {
        Optional<CelExpr> bare = CelNavigableAst.fromAst(parsed).getRoot().allNodes()
                .map(CelNavigableExpr::expr)
                .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals("type"))
                .findFirst();
        if (bare.isPresent()) {
            throw new InvalidExpressionException("undefined variable 'type' ('type' is a CEL type name):"
                    + " use event.type", parsed.getSource().getPositionsMap().getOrDefault(bare.get().id(), -1));
        }
    }

    /** Our reason for CEL's first issue, in the words of the filter documentation. */
    private static InvalidExpressionException describe(CelValidationResult result, String expression,
                                                       String prefix) {
        CelIssue issue = result.getErrors().get(0);
        int offset = result.getSource().getLocationOffset(issue.getSourceLocation()).orElse(-1);
        String message = issue.getMessage();
        Matcher undeclared = UNDECLARED.matcher(message);
        if (undeclared.matches()) {
            String name = undeclared.group(1);
            // the checker points at the '(' of a call, and at the name itself otherwise
            if (offset >= 0 && offset < expression.length() && expression.codePointAt(
                    expression.offsetByCodePoints(0, offset)) == '(') {
                return new InvalidExpressionException("unknown function '" + name + "'",
                        Math.max(0, offset - name.length()));
            }
            return new InvalidExpressionException("undefined variable '" + name + "'", offset);
        }
        if (message.startsWith("found no matching overload")) {
            return new InvalidExpressionException("wrong type: " + message, offset);
        }
        return new InvalidExpressionException(prefix + message, offset);
    }
}
