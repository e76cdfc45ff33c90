package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, 500, 30_000);

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void retriesRateLimitsAndServerErrors(int status) {
        assertThat(RetryPolicy.isRetryable(status)).isTrue();
        assertThat(PushResult.answer(status, "").retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 422})
    void doesNotRetryOtherClientErrors(int status) {
        assertThat(RetryPolicy.isRetryable(status)).isFalse();
        assertThat(PushResult.answer(status, "").retryable()).isFalse();
    }

    @Test
    void retriesTransportErrors() {
        PushResult r = PushResult.failure(new java.net.ConnectException("Connection refused"));
        assertThat(r.retryable()).isTrue();
        assertThat(r.delivered()).isFalse();
        assertThat(PushResult.answer(204, "").delivered()).isTrue();
    }

    @Test
    void allowsMaxRetriesAfterTheFirstAttempt() {
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(3)).isTrue();
        assertThat(policy.mayRetry(4)).isFalse();
        assertThat(new RetryPolicy(0, 1, 1).mayRetry(1)).isFalse();
    }

    @Test
    void backoffDoublesWithinJitterBoundsUpToTheMaximum() {
        long previousMax = 0;
        for (int failures = 1; failures <= 12; failures++) {
            long base = Math.min(30_000, 500L << (failures - 1));
            long longest = millis(policy.backoffNanos(failures, 0.0));
            long shortest = millis(policy.backoffNanos(failures, 0.999_999));
            assertThat(longest).as("failures=%d", failures).isEqualTo(base);
            assertThat(shortest).as("failures=%d", failures).isBetween(base / 2, base);
            assertThat(longest).isGreaterThanOrEqualTo(previousMax);
            previousMax = longest;
        }
        assertThat(millis(policy.backoffNanos(1000, 0.5))).isBetween(15_000L, 30_000L);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, 10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
