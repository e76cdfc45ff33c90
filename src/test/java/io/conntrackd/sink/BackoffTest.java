package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheFirstDelayUpToTheMaximumLessUpToHalfAsJitter() {
        long[] nominal = {100, 200, 400, 800, 1000, 1000};
        for (int failures = 1; failures <= nominal.length; failures++) {
            long n = nominal[failures - 1];
            assertThat(Backoff.delayMillis(failures, 100, 1000, 0.0)).isEqualTo(n);
            assertThat(Backoff.delayMillis(failures, 100, 1000, 0.999_999)).isEqualTo(n - (long) (n / 2.0 * 0.999_999));
        }
        assertThat(Backoff.delayMillis(10_000, 100, 1000, 0.5)).isEqualTo(750); // no overflow after many failures
        assertThat(Backoff.delayMillis(0, 100, 1000, 0.0)).isEqualTo(100);
    }
}
