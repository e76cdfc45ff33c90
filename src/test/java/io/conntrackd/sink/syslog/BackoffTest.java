package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithJitterAndStartsOverAfterReset() {
        Backoff b = new Backoff(100, 1000);
        long[] nominal = {100, 200, 400, 800, 1000, 1000};
        for (long n : nominal) {
            assertThat(b.next()).isBetween(n / 2, n);
        }
        b.reset();
        assertThat(b.next()).isBetween(50L, 100L);
    }
}
