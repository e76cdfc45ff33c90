package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd completion SHELL} as each real shell runs it: what it offers after a partial flag,
 * after a flag with a fixed list of values, and in place of the command. bash, zsh and fish are needed
 * (skipped without them, except under CI, whose .ci/run installs them).
 */
class CompletionScriptsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path script(String shell) throws Exception {
        return Files.writeString(dir.resolve("conntrackd." + shell),
                new CommandLineParser().parse("completion", shell).output());
    }

    /** What the generated function puts into COMPREPLY for the words typed so far (the last one partial). */
    private static String bashLike(String shell, String prelude, Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String call = "source " + script + "; " + prelude + " COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE};"
                + " COMP_WORDS=(" + String.join(" ", List.of(words).stream().map(w -> "'" + w + "'").toList()) + ");"
                + " COMP_CWORD=" + (words.length - 1) + "; _complete_conntrackd 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        return Command.run(TIMEOUT, List.of(Prerequisites.requireCommand(shell), "-c", call)).requireSuccess()
                .stdout();
    }

    @Test
    void bashCompletesCommandsFlagsAndTheirValues() throws Exception {
        Path script = script("bash");
        assertThat(bashLike("bash", "", script, "conntrackd", "")).isEqualTo("run\nvalidate\nversion\nhelp\ncompletion\n");
        assertThat(bashLike("bash", "", script, "conntrackd", "run", "--sink.stream.wr"))
                .isEqualTo("--sink.stream.writer\n--sink.stream.write-batch-size\n");
        assertThat(bashLike("bash", "", script, "conntrackd", "run", "--log.level", ""))
                .isEqualTo("debug\ninfo\nwarn\nerror\n");
        assertThat(bashLike("bash", "", script, "conntrackd", "completion", "")).isEqualTo("bash\nzsh\nfish\n");
        assertThat(bashLike("bash", "", script, "conntrackd", "validate", "--output", "")).isEqualTo("text\njson\n");
    }

    /** zsh runs the bash script through its bashcompinit layer, which the script loads itself. */
    @Test
    void zshRegistersTheBashFunctionAndItCompletesThere() throws Exception {
        Path script = script("zsh");
        assertThat(script).hasSameTextualContentAs(script("bash"));
        String zsh = Prerequisites.requireCommand("zsh");
        assertThat(Command.run(TIMEOUT, List.of(zsh, "-c", "source " + script + "; print -r -- ${_comps[conntrackd]}"))
                .requireSuccess().stdout()).isEqualTo("_bash_complete -F _complete_conntrackd -o default\n");
        // what bashcompinit's _bash_complete sets up before it calls the function
        assertThat(bashLike("zsh", "emulate -L sh; setopt kshglob noshglob braceexpand;", script,
                "conntrackd", "run", "--sink.stream.writer", "")).isEqualTo("stdout\nstderr\ndiscard\n");
    }

    @Test
    void fishCompletesCommandsFlagsAndTheirValues() throws Exception {
        Path script = script("fish");
        String fish = Prerequisites.requireCommand("fish");
        String out = Command.run(TIMEOUT, List.of(fish, "--no-config", "-c", "source " + script
                + "; complete -C 'conntrackd '; echo ==; complete -C 'conntrackd run --sink.stream.wr'; echo ==;"
                + " complete -C 'conntrackd run --log.level '; echo ==; complete -C 'conntrackd help '"))
                .requireSuccess().stdout();
        String[] parts = out.split("==\n");
        assertThat(parts).hasSize(4);
        assertThat(names(parts[0])).containsExactly("completion", "help", "run", "validate", "version");
        assertThat(parts[0]).contains("run\tListen for conntrack events");
        assertThat(names(parts[1])).containsExactly("--sink.stream.writer", "--sink.stream.write-batch-size");
        assertThat(names(parts[2])).containsExactly("debug", "error", "info", "warn");
        assertThat(names(parts[3])).containsExactly("completion", "help", "run", "validate", "version");
    }

    private static List<String> names(String completions) {
        return completions.lines().map(l -> l.split("\t")[0]).toList();
    }

    @Test
    void fishQuotesDescriptionsWithQuotesAndBackslashes() {
        assertThat(FishCompletion.quoted("the daemon's \\d")).isEqualTo("'the daemon\\'s \\\\d'");
    }
}
