package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void returnsExitCodeAndBothStreams() throws Exception {
        Command.Result r = Command.run(Duration.ofSeconds(30),
                List.of("sh", "-c", "echo out; echo err >&2; echo \"$CTD_TEST\"; exit 3"), Map.of("CTD_TEST", "env"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\nenv\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.output()).isEqualTo("out\nenv\nerr\n");
        assertThatThrownBy(r::requireSuccess).hasMessageContaining("exited with 3: err");
    }

    @Test
    void aCommandStillRunningAtTheTimeoutIsKilledAndFailsWithItsOutput() throws Exception {
        // the grandchild keeps the output open: reading it to the end first would hang here
        List<String> command = List.of("sh", "-c", "echo started; sleep 613 & wait");
        assertThatThrownBy(() -> Command.run(Duration.ofMillis(500), command))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was still running after PT0.5S and was killed")
                .hasMessageContaining("started");
        Await.until("the grandchild killed too", () -> ProcessHandle.allProcesses().filter(CommandTest::isOurSleep)
                .toList(), List::isEmpty, Duration.ofSeconds(10));
    }

    private static boolean isOurSleep(ProcessHandle p) {
        return p.info().command().orElse("").endsWith("/sleep")
                && List.of(p.info().arguments().orElse(new String[0])).equals(List.of("613"));
    }
}
