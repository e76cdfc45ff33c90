package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LossReporterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final List<List<Object>> warnings = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().equals("warn")) {
                    List<Object> flat = new ArrayList<>(); // warn(String, Object...) arrives as [format, Object[]]
                    for (Object a : args) {
                        flat.addAll(a instanceof Object[] array ? Arrays.asList(array) : List.of(a));
                    }
                    warnings.add(flat);
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });
    private final LossReporter reporter = new LossReporter(log, 10 * SECOND, 1 << 20);

    @Test
    void warnsOnceImmediatelyThenAtMostEveryInterval() {
        long t0 = 1_000 * SECOND;
        assertThat(reporter.update(0, t0)).isFalse();      // nothing lost
        assertThat(reporter.update(5, t0)).isTrue();       // first loss: right away
        assertThat(reporter.update(9, t0 + SECOND)).isFalse();
        assertThat(reporter.update(12, t0 + 9 * SECOND)).isFalse();
        assertThat(reporter.update(12, t0 + 10 * SECOND)).isTrue();  // 7 more since the last line
        assertThat(reporter.update(12, t0 + 30 * SECOND)).isFalse(); // no growth, no line

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains(5L, 5L);
        assertThat(warnings.get(1)).contains(7L, 12L);
    }

    @Test
    void flushReportsPendingLossesRegardlessOfTheInterval() {
        reporter.update(1, 0);
        assertThat(reporter.update(3, SECOND)).isFalse();
        assertThat(reporter.flush(3, SECOND)).isTrue();
        assertThat(reporter.flush(3, 2 * SECOND)).isFalse();
        assertThat(warnings).hasSize(2);
    }

    @Test
    void messageSuggestsALargerBuffer() {
        reporter.update(1, 0);
        assertThat((String) warnings.get(0).get(0)).contains("larger receive buffer");
    }
}
