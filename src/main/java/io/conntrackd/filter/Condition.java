package io.conntrackd.filter;

/**
 * A boolean CEL expression compiled to plain Java by {@link ConditionCompiler}. Throws
 * {@link IllegalArgumentException} where CEL reports an evaluation error.
 */
@FunctionalInterface
interface Condition {

    boolean test(EventVariables event);
}
