package io.conntrackd.geoip;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPU time of the benchmark JVM (every thread: the benchmark's, JIT, GC) per operation, printed
 * after each iteration. On a shared machine the wall-clock score depends on what else runs; the CPU
 * spent per operation much less, so both are reported.
 */
@State(Scope.Benchmark)
public class CpuPerOperation {

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;
    private long operations;

    @Setup(Level.Iteration)
    public void start() {
        operations = 0;
        startNanos = os.getProcessCpuTime();
    }

    /** Counts {@code n} operations done. */
    public void add(int n) {
        operations += n;
    }

    @TearDown(Level.Iteration)
    public void report() {
        double perOperation = (os.getProcessCpuTime() - startNanos) / (double) Math.max(1, operations);
        System.out.printf("cpu per operation: %.0f ns (%d operations)%n", perOperation, operations);
    }
}
