package io.conntrackd.app;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script for the command model: a {@code complete} line for each command (offered
 * until one is typed), for each of its options (offered after it) with their values where they are a
 * fixed list, and for the values of its positional parameter. picocli writes none for fish.
 */
final class FishCompletion {

    private FishCompletion() {
    }

    static String script(CommandSpec root) {
        String name = root.name();
        StringBuilder sb = new StringBuilder("# fish completion for ").append(name)
                .append(": conntrackd completion fish > ~/.config/fish/completions/").append(name).append(".fish\n");
        sb.append("complete -c ").append(name).append(" -f\n");
        options(sb, name, "__fish_use_subcommand", root.options());
        for (CommandSpec sub : root.subcommands().values().stream().map(CommandLine::getCommandSpec).toList()) {
            sb.append("complete -c ").append(name).append(" -n __fish_use_subcommand -a ").append(sub.name())
                    .append(" -d ").append(quoted(first(sub.usageMessage().description()))).append('\n');
            String after = "'__fish_seen_subcommand_from " + sub.name() + "'";
            options(sb, name, after, sub.options());
            sub.positionalParameters().stream().filter(p -> p.completionCandidates() != null).findFirst()
                    .ifPresent(p -> sb.append("complete -c ").append(name).append(" -n ").append(after)
                            .append(" -a ").append(quoted(String.join(" ", candidates(p)))).append('\n'));
        }
        return sb.toString();
    }

    private static void options(StringBuilder sb, String name, String condition, List<OptionSpec> options) {
        for (OptionSpec o : options) {
            sb.append("complete -c ").append(name).append(" -n ").append(condition);
            for (String n : o.names()) {
                sb.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
            }
            if (o.arity().min() > 0) {
                // a value is required: its choices when there are some, else files (paths are the usual values)
                sb.append(" -r");
                if (o.completionCandidates() != null) {
                    sb.append(" -f -a ").append(quoted(String.join(" ", candidates(o))));
                }
            }
            sb.append(" -d ").append(quoted(first(o.description()))).append('\n');
        }
    }

    private static List<String> candidates(ArgSpec arg) {
        List<String> values = new ArrayList<>();
        arg.completionCandidates().forEach(values::add);
        return values;
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** A fish single-quoted string: only backslash and quote need escaping there. */
    static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
