package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** CEL's runtime is built only when an expression needs CEL's interpreter, and works when built late. */
class LazyProgramTest {

    @Test
    void rulesCompiledToJavaLeaveCelsRuntimeUnbuilt() throws Exception {
        ConntrackCel cel = new ConntrackCel();
        CompiledExpression rule = cel.compile("is_network(destination.address, 'LOCAL') && source.port > 0", true);

        assertThat(rule.test(TestEvents.tcp4())).isFalse();
        assertThat(cel.runtimeBuilt()).isFalse();
        // CEL's own evaluation of the same expression plans its program on first use
        assertThat(rule.evaluate(TestEvents.tcp4())).isEqualTo(false);
        assertThat(cel.runtimeBuilt()).isTrue();
    }

    @Test
    void anInterpretedExpressionIsPlannedWhenCompiled() throws Exception {
        ConntrackCel cel = new ConntrackCel();
        CompiledExpression value = cel.compile("source.port + 1", false);

        assertThat(cel.runtimeBuilt()).isTrue();
        assertThat(value.evaluate(TestEvents.tcp4())).isEqualTo(41757L);
    }

    @Test
    void aLateProgramStillReportsRunTimeErrors() throws Exception {
        CompiledExpression rule = new ConntrackCel().compile("in_cidr(source.address, protocol)", true);

        assertThatThrownBy(() -> rule.evaluate(TestEvents.tcp4())).hasMessageContaining("in_cidr");
    }
}
