package io.conntrackd.app;

import java.util.List;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * {@code conntrackd completion SHELL}: picocli's generated bash script, which zsh runs too (it loads
 * zsh's bash completion layer, bashcompinit, itself), and for fish a script of {@code complete} lines
 * written from the same command model ({@link FishCompletion}).
 */
final class CompletionScripts {

    static final List<String> SHELLS = List.of("bash", "zsh", "fish");

    private CompletionScripts() {
    }

    static String of(String shell, CommandLine root) {
        return shell.equals("fish") ? FishCompletion.script(root.getCommandSpec())
                : AutoComplete.bash(root.getCommandName(), root);
    }
}
