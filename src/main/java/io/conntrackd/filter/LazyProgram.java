package io.conntrackd.filter;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;

/**
 * CEL's program for an expression, planned on first use. A condition that runs as plain Java needs CEL's
 * runtime only if someone asks for CEL's own evaluation; planning it lazily keeps CEL's runtime (some 450
 * classes) out of a daemon's start-up when every rule compiles to Java.
 */
final class LazyProgram {

    /** Plans the program (builds CEL's runtime the first time). */
    interface Planner {
        Program plan() throws CelEvaluationException;
    }

    private final Planner planner;
    private volatile Program program;

    LazyProgram(Planner planner) {
        this.planner = planner;
    }

    Program get() throws CelEvaluationException {
        Program planned = program;
        if (planned == null) {
            synchronized (this) {
                planned = program;
                if (planned == null) {
                    planned = planner.plan();
                    program = planned;
                }
            }
        }
        return planned;
    }
}
