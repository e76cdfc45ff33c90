package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushResultTest {

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void retriesRateLimitsAndServerErrors(int status) {
        assertThat(PushResult.answer(status, "").retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 422})
    void doesNotRetryOtherClientErrors(int status) {
        assertThat(PushResult.answer(status, "").retryable()).isFalse();
    }

    @Test
    void retriesTransportErrors() {
        PushResult r = PushResult.failure(new ConnectException("Connection refused"));
        assertThat(r.retryable()).isTrue();
        assertThat(r.delivered()).isFalse();
        assertThat(r.describe()).isEqualTo("java.net.ConnectException: Connection refused");
        assertThat(PushResult.answer(204, "").delivered()).isTrue();
    }

    @Test
    void describesAnAnswerWithItsBody() {
        assertThat(PushResult.answer(400, " entry out of order \n").describe()).isEqualTo("HTTP 400: entry out of order");
        assertThat(PushResult.answer(503, null).describe()).isEqualTo("HTTP 503");
    }
}
