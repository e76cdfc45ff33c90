package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.Prerequisites;

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

    /** Our line, then the original's fields; no colour at all, so there is nothing for NO_COLOR to turn off. */
    @Test
    void versionPrintsOursAndTheOriginalsReleaseAndCommitWithoutColour() throws Exception {
        assertThat(main("version")).isZero();
        String version = out.toString(StandardCharsets.UTF_8);
        assertThat(version.lines().toList()).hasSize(3);
        assertThat(version).startsWith("conntrackd ").contains("Apache Camel 4.18.0")
                .contains("\nRelease: " + version.split(" ")[1] + "\n")
                .endsWith("\nCommit:  " + Version.commit() + "\n")
                .doesNotContain("\u001b");
        assertThat(Version.commit()).matches("([0-9a-f]{12})?");
        String git = Prerequisites.findCommand("git");
        if (git != null && java.nio.file.Files.exists(Path.of(".git"))) {
            assertThat(Version.commit()).as("the commit built from").isEqualTo(Command.run(Duration.ofSeconds(10),
                    List.of(git, "rev-parse", "--short=12", "HEAD")).requireSuccess().stdout().trim());
        }
    }

    @Test
    void anUnknownFlagPrintsUsageAndExitsWithTwo() {
        assertThat(main("run", "--sink.stram.enable")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown option: '--sink.stram.enable'", "conntrackd run [OPTIONS]", "--help");
    }

    /** As cobra does for the original. */
    @Test
    void bareConntrackdPrintsTheHelpAndExitsWithZero() {
        assertThat(main()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: conntrackd [OPTIONS] [COMMAND]")
                .contains("Commands:", "run", "version", "help", "completion");
        assertThat(err.size()).isZero();
    }

    @Test
    void theHelpCommandPrintsTheHelpOfACommand() {
        assertThat(main("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: conntrackd [OPTIONS] [COMMAND]");
        out.reset();
        assertThat(main("help", "run")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: conntrackd run [OPTIONS]")
                .contains("--sink.stream.writer");
        out.reset();
        assertThat(main("help", "completion")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: conntrackd completion [-h] SHELL");
    }

    @Test
    void anUnknownHelpTopicOrShellIsAUsageError() {
        assertThat(main("help", "rn")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown help topic 'rn' (expected one of run, validate, version, help, completion)");
        err.reset();
        assertThat(main("completion", "powershell")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown shell 'powershell' (expected bash, zsh or fish)");
        err.reset();
        assertThat(main("completion")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'SHELL'");
    }

    @Test
    void completionPrintsAScriptForEachShell() {
        assertThat(main("completion", "bash")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -F _complete_conntrackd");
        out.reset();
        assertThat(main("completion", "fish")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -c conntrackd -n __fish_use_subcommand -a run");
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
