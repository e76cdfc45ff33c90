package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static long millis(Backoff backoff, int failures) {
        return TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos(failures));
    }

    @Test
    void doublesFromTheFirstDelayUpToTheMaximum() {
        Backoff full = new Backoff(100, 1000, () -> 0.0);
        long[] nominal = {100, 200, 400, 800, 1000, 1000};
        for (int failures = 1; failures <= nominal.length; failures++) {
            assertThat(millis(full, failures)).as("failures=%d", failures).isEqualTo(nominal[failures - 1]);
        }
        assertThat(millis(full, 10_000)).as("no overflow after many failures").isEqualTo(1000);
        assertThat(millis(full, 0)).isEqualTo(100);
    }

    @Test
    void jitterTakesOffUpToHalf() {
        assertThat(millis(new Backoff(100, 1000, () -> 0.5), 3)).isEqualTo(300);
        assertThat(millis(new Backoff(100, 1000, () -> 0.999_999), 4)).isEqualTo(401);
        assertThat(millis(new Backoff(500, 30_000, () -> 0.5), 1000)).isEqualTo(22_500);
    }

    @Test
    void realJitterStaysWithinHalfAndTheWholeDelay() {
        Backoff backoff = new Backoff(400, 400);
        for (int i = 0; i < 100; i++) {
            assertThat(millis(backoff, 1)).isBetween(200L, 400L);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid backoff: the first delay (0 ms) must be at least 1 ms and the longest (1 ms) at"
                        + " least the first");
        assertThatThrownBy(() -> new Backoff(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
