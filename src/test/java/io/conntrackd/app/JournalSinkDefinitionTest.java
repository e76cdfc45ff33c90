package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal sink's settings and its start-up check, with no journald anywhere. */
class JournalSinkDefinitionTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final JournalSinkDefinition journal = new JournalSinkDefinition();

    private Configuration resolve(String... flags) throws ConfigurationException {
        String[] args = Stream.concat(Stream.of("run"), Arrays.stream(flags)).toArray(String[]::new);
        return new ConfigurationResolver(env, dir).resolve(new CommandLineParser().parse(args).flags());
    }

    private String missingSocket() {
        return dir.resolve("no-journald/socket").toString();
    }

    @Test
    void defaultsToJournaldsSocket() throws Exception {
        assertThat(journal.prepare(resolve("--sink.journal.enable"), env).endpointUri())
                .isEqualTo("conntrack-journal:/run/systemd/journal/socket");
    }

    @Test
    void takesTheSocketFromTheEnvironmentOrAFlag() throws Exception {
        env.put("CONNTRACKD_SINK_JOURNAL_SOCKET", "/run/host/journal/socket");
        assertThat(journal.prepare(resolve(), env).endpointUri()).isEqualTo("conntrack-journal:/run/host/journal/socket");
        assertThat(journal.prepare(resolve("--sink.journal.socket", "/tmp/j/socket"), env).endpointUri())
                .isEqualTo("conntrack-journal:/tmp/j/socket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative/socket", "/with space", "/a,b", "/a?x=1", "/a#b", "/a%20b"})
    void refusesPathsThatAreNotAbsoluteOrWouldBreakTheEndpointUri(String path) throws Exception {
        Configuration c = resolve("--sink.journal.socket", path);
        assertThatThrownBy(() -> journal.prepare(c, env).endpointUri())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sink.journal.socket")
                .hasMessageContaining("\"" + path + "\"")
                .hasMessageContaining("flag --sink.journal.socket");
    }

    @Test
    void refusesAPathLongerThanAUnixSocketAddressHolds() throws Exception {
        String longest = "/" + "s".repeat(106);
        assertThat(journal.prepare(resolve("--sink.journal.socket", longest), env).endpointUri()).endsWith(longest);
        Configuration c = resolve("--sink.journal.socket", longest + "s");
        assertThatThrownBy(() -> journal.prepare(c, env).endpointUri()).hasMessageContaining("at most 107 bytes");
    }

    @Test
    void probeFailsWhenTheSocketDoesNotExist() throws Exception {
        Configuration c = resolve("--sink.journal.socket", missingSocket());
        assertThatThrownBy(() -> journal.prepare(c, env).probe().check())
                .hasMessageContaining("journald is not listening on " + missingSocket())
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void probeFailsWhenNothingListensOnThePath() throws Exception {
        Path notASocket = Files.writeString(dir.resolve("socket"), "");
        Configuration c = resolve("--sink.journal.socket", notASocket.toString());
        assertThatThrownBy(() -> journal.prepare(c, env).probe().check()).hasMessageContaining("Connection refused");
    }

    @Test
    void aMissingJournaldIsSkippedWithAWarningWhenAnotherSinkRemains() throws Exception {
        Configuration c = resolve("--sink.journal.enable", "--sink.stream.enable",
                "--sink.journal.socket", missingSocket());
        assertThat(SinkPlans.select(c, env).endpointUris())
                .containsExactly("conntrack-stream:stdout");
    }

    @Test
    void aMissingJournaldAsTheOnlySinkStopsStartup() throws Exception {
        Configuration c = resolve("--sink.journal.enable", "--sink.journal.socket", missingSocket());
        assertThatThrownBy(() -> SinkPlans.select(c, env).endpointUris())
                .isInstanceOf(StartupException.class).hasMessageContaining("no sink could be started");
    }

    @Test
    void aMissingJournaldStopsStartupWhenExitOnWarningIsSet() throws Exception {
        env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "true");
        Configuration c = resolve("--sink.journal.enable", "--sink.stream.enable",
                "--sink.journal.socket", missingSocket());
        assertThatThrownBy(() -> SinkPlans.select(c, env).endpointUris())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("sink journal is not available: journald is not listening on " + missingSocket())
                .hasMessageContaining("CONNTRACKD_SINK_EXIT_ON_WARNING");
    }
}
