package io.conntrackd.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line, with the commands a user of the original (a cobra program) knows: {@code run [flags]},
 * {@code version}, {@code help [command]} and {@code completion bash|zsh|fish}; bare {@code conntrackd}
 * prints the help. Ours beside them: {@code validate [flags]}, which takes the flags of {@code run}. Flags are built from {@link Settings}, so each setting has exactly one flag with the
 * original's name, and {@code --help} shows every one with its default.
 */
final class CommandLineParser {

    /** What the command line asks for. */
    enum Command { RUN, VALIDATE, VERSION, HELP, COMPLETION }

    /**
     * @param flags  the flags given to {@code run} or {@code validate}, by setting (a String, or a List of Strings
     *               for lists)
     * @param output what to print for {@link Command#HELP} and {@link Command#COMPLETION}, else empty
     * @param format how {@code validate} prints its checks: {@code text} or {@code json}
     */
    record Parsed(Command command, Map<Setting, Object> flags, String output, String format) {
        Parsed(Command command, Map<Setting, Object> flags, String output) {
            this(command, flags, output, VALIDATE_FORMATS.get(0));
        }
    }

    /** The values of {@code validate --output}, the default first. */
    static final List<String> VALIDATE_FORMATS = List.of("text", "json");

    private static final int HELP_WIDTH = 110;

    private final CommandLine root;

    CommandLineParser() {
        CommandSpec runSpec = withSettings("run",
                "Listen for conntrack events, filter and enrich them, and log them to the enabled sinks.");
        CommandSpec rootSpec = CommandSpec.create().name("conntrackd");
        rootSpec.usageMessage().description("Conntrack event logger for Linux, built on Apache Camel.")
                .abbreviateSynopsis(true);
        rootSpec.addOption(helpOption());
        root = new CommandLine(rootSpec);
        root.addSubcommand("run", new CommandLine(runSpec));
        root.addSubcommand("validate", new CommandLine(validateSpec()));
        root.addSubcommand("version", new CommandLine(command("version", "Print the version and exit.")));
        root.addSubcommand("help", new CommandLine(command("help", "Print the help of a command and exit.")
                .addPositional(positional("COMMAND", "0..1", "The command: " + String.join(", ", commandNames()),
                        commandNames()))));
        root.addSubcommand("completion", new CommandLine(command("completion",
                "Print the shell completion script for bash, zsh or fish (see docs/operations.md) and exit.")
                .addPositional(positional("SHELL", "1", "bash, zsh or fish", CompletionScripts.SHELLS))));
    }

    private static List<String> commandNames() {
        return List.of("run", "validate", "version", "help", "completion");
    }

    /** A command that takes every setting as a flag, listed in {@code --help} in the catalog's order. */
    private static CommandSpec withSettings(String name, String... description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description).sortOptions(false).abbreviateSynopsis(true).width(HELP_WIDTH);
        spec.addOption(helpOption());
        for (Setting s : Settings.all()) {
            spec.addOption(option(s));
        }
        return spec;
    }

    /** {@code validate}: the flags of {@code run}, and {@code --output}. */
    private static CommandSpec validateSpec() {
        CommandSpec spec = withSettings("validate",
                "Check what run would use, without starting it and without changing anything: the configuration"
                + " (files, environment, flags, filter rules, routes), the privileges, the kernel (netlink socket,"
                + " conntrack table, sysctls), the GeoIP databases and every enabled sink (probed as run probes it,"
                + " no event sent). One line per check: ok, warning or error, with a hint.",
                "Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 usage error."
                + " See docs/validate.md.");
        spec.addOption(OptionSpec.builder("--output").type(String.class).arity("1")
                .paramLabel(String.join("|", VALIDATE_FORMATS)).completionCandidates(VALIDATE_FORMATS)
                .description("text: one line per check; json: one JSON document (docs/validate.md)",
                        "(default: " + VALIDATE_FORMATS.get(0) + ")")
                .build());
        return spec;
    }

    private static CommandSpec command(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description);
        spec.addOption(helpOption());
        return spec;
    }

    private static PositionalParamSpec positional(String label, String arity, String description,
                                                  List<String> candidates) {
        return PositionalParamSpec.builder().paramLabel(label).arity(arity).required(!arity.startsWith("0"))
                .description(description).type(String.class).completionCandidates(candidates).build();
    }

    private static OptionSpec helpOption() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build();
    }

    /** The default on a line of its own, so that the help never wraps a URL or path within it. */
    private static OptionSpec option(Setting s) {
        String d = s.defaultValue();
        String[] description = d.isEmpty() ? new String[] {s.description()}
                : new String[] {s.description(), "(default: " + d.replace("\n", ", ") + ")"};
        OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(description);
        switch (s.kind()) {
            case BOOLEAN -> b.type(String.class).arity("0..1").fallbackValue("true").paramLabel("BOOL");
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel("VALUE");
            case CHOICE -> b.type(String.class).arity("1").paramLabel(String.join("|", s.choices()))
                    .completionCandidates(s.choices());
            case INTEGER -> b.type(String.class).arity("1").paramLabel("N");
            default -> b.type(String.class).arity("1").paramLabel("VALUE");
        }
        return b.build();
    }

    /** Parses the arguments; a usage error throws {@link ConfigurationException} with the usage text. */
    Parsed parse(String... args) throws ConfigurationException {
        ParseResult result;
        try {
            result = root.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw usageError(e.getMessage(), e.getCommandLine());
        }
        ParseResult sub = result.subcommand();
        if (sub == null) {
            // bare conntrackd, as cobra does, or conntrackd --help
            return help(root);
        }
        if (sub.isUsageHelpRequested()) {
            return help(sub.commandSpec().commandLine());
        }
        return switch (sub.commandSpec().name()) {
            case "version" -> new Parsed(Command.VERSION, Map.of(), "");
            case "help" -> help(topic(sub.matchedPositionalValue(0, null)));
            case "completion" -> completion(sub);
            case "validate" -> new Parsed(Command.VALIDATE, flags(sub), "", validateFormat(sub));
            default -> new Parsed(Command.RUN, flags(sub), "");
        };
    }

    private static Parsed help(CommandLine command) {
        return new Parsed(Command.HELP, Map.of(), command.getUsageMessage());
    }

    /** The command {@code help NAME} is about: the root without a name. */
    private CommandLine topic(String name) throws ConfigurationException {
        if (name == null) {
            return root;
        }
        CommandLine command = root.getSubcommands().get(name);
        if (command == null) {
            throw usageError("Unknown help topic '" + name + "' (expected one of " + String.join(", ", commandNames())
                    + ")", root.getSubcommands().get("help"));
        }
        return command;
    }

    private Parsed completion(ParseResult sub) throws ConfigurationException {
        String shell = sub.matchedPositionalValue(0, "");
        if (!CompletionScripts.SHELLS.contains(shell)) {
            throw usageError("Unknown shell '" + shell + "' (expected bash, zsh or fish)", sub.commandSpec().commandLine());
        }
        return new Parsed(Command.COMPLETION, Map.of(), CompletionScripts.of(shell, root));
    }

    private static ConfigurationException usageError(String message, CommandLine where) {
        return new ConfigurationException(message + System.lineSeparator()
                + where.getHelp().synopsis(0).stripTrailing() + System.lineSeparator()
                + "Run '" + where.getCommandSpec().qualifiedName() + " --help' for every flag and its default.");
    }

    private static String validateFormat(ParseResult sub) throws ConfigurationException {
        String format = sub.matchedOptionValue("--output", VALIDATE_FORMATS.get(0));
        if (!VALIDATE_FORMATS.contains(format)) {
            throw usageError("invalid value \"" + format + "\" for --output: expected one of "
                    + String.join(", ", VALIDATE_FORMATS), sub.commandSpec().commandLine());
        }
        return format;
    }

    private static Map<Setting, Object> flags(ParseResult sub) {
        Map<Setting, Object> flags = new LinkedHashMap<>();
        for (Setting s : Settings.all()) {
            if (sub.hasMatchedOption(s.flag())) {
                flags.put(s, sub.matchedOptionValue(s.flag(), null));
            }
        }
        return flags;
    }
}
