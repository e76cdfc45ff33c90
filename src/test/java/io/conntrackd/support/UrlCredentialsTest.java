package io.conntrackd.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

    @Test
    void urlsAreMaskedForMessages() {
        assertThat(UrlCredentials.masked("https://user:pw@loki:3100/x")).isEqualTo("https://***@loki:3100/x");
        assertThat(UrlCredentials.masked("http://loki:3100")).isEqualTo("http://loki:3100");
    }
}
