package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    @Test
    void missingPrerequisiteSkipsOrFailsUnderCi() {
        if (Prerequisites.isCi()) {
            assertThatThrownBy(() -> Prerequisites.require(false, "thing"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("CI=true").hasMessageContaining("thing");
        } else {
            assertThatThrownBy(() -> Prerequisites.require(false, "thing"))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("thing");
        }
        Prerequisites.require(true, "never shown");
    }

    @Test
    void findsCommandsAndNamesMissingOnes() {
        assertThat(Prerequisites.findCommand("sh")).endsWith("/sh");
        assertThat(Prerequisites.findCommand("ctd-no-such-command")).isNull();
        assertThatThrownBy(() -> Prerequisites.requireCommand("ctd-no-such-command"))
                .hasMessageContaining("'ctd-no-such-command' is not installed");
    }
}
