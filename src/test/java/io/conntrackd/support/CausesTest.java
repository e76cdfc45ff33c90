package io.conntrackd.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void theRootIsTheInnermostCause() {
        ConnectException refused = new ConnectException("Connection refused");
        Exception wrapped = new IllegalStateException("start failed", new IOException("connect", refused));

        assertThat(Causes.root(wrapped)).isSameAs(refused);
    }

    @Test
    void aFailureWithoutCauseIsItsOwnRoot() {
        IOException alone = new IOException("alone");

        assertThat(Causes.root(alone)).isSameAs(alone);
    }

    @Test
    void aCycleOfCausesEndsTheWalk() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);

        assertThat(Causes.root(a)).isIn(a, b);
    }
}
