package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineParserTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        return new ConntrackdMain(Map.of(), dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void helpListsEveryFlagWithItsDefault() throws Exception {
        assertThat(main("run", "--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s*\\R\\s+", " ");
        for (Setting s : Settings.all()) {
            assertThat(help).contains(s.flag());
            String d = s.defaultValue();
            if (!d.isEmpty()) {
                assertThat(help).contains("(default: " + d + ")");
            }
        }
        assertThat(help).contains("(default: stdout)", "(default: udp://localhost:514)",
                "(default: http://localhost:3100)", "(default: http://localhost:4040)", "(default: info)");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        assertThat(main("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("run", "version");
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(main("version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("conntrackd ").contains("Apache Camel 4.18.0");
    }

    @Test
    void anUnknownFlagPrintsUsageAndExitsWithTwo() {
        assertThat(main("run", "--sink.stram.enable")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown option: '--sink.stram.enable'", "conntrackd run [OPTIONS]", "--help");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(main()).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing command", "Commands:");
    }

    @Test
    void aBadValueStopsStartupNamingTheFlag() {
        assertThat(main("run", "--sink.stream.writer", "printer")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid value \"printer\" for sink.stream.writer in flag --sink.stream.writer");
    }

    @Test
    void listFlagsRepeat() throws Exception {
        var parsed = new CommandLineParser().parse("run", "--filter", "drop any", "--filter=log any");
        assertThat(parsed.flags().get(Settings.FILTER)).isEqualTo(java.util.List.of("drop any", "log any"));
        assertThatThrownBy(() -> new CommandLineParser().parse("run", "--filter"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Missing required parameter");
    }
}
