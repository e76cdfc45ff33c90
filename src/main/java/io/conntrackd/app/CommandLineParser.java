package io.conntrackd.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line: {@code conntrackd run [flags]}, {@code conntrackd validate [flags]} and
 * {@code conntrackd version}. Flags are built
 * from {@link Settings}, so each setting has exactly one flag with the original's name, and
 * {@code --help} shows every one with its default.
 */
final class CommandLineParser {

    /** What the command line asks for. */
    enum Command { RUN, VALIDATE, VERSION, HELP }

    /**
     * @param flags  the flags given, by setting (a String, or a List of Strings for lists)
     * @param output how {@code validate} prints its checks: {@code text} or {@code json}
     */
    record Parsed(Command command, Map<Setting, Object> flags, String help, String output) {
        Parsed(Command command, Map<Setting, Object> flags, String help) {
            this(command, flags, help, VALIDATE_OUTPUTS.get(0));
        }
    }

    /** The values of {@code validate --output}, the default first. */
    static final List<String> VALIDATE_OUTPUTS = List.of("text", "json");

    private static final int HELP_WIDTH = 110;

    private final CommandLine root;
    private final CommandLine run;

    CommandLineParser() {
        CommandSpec runSpec = withSettings("run",
                "Listen for conntrack events, filter and enrich them, and log them to the enabled sinks.");
        CommandSpec versionSpec = CommandSpec.create().name("version");
        versionSpec.usageMessage().description("Print the version and exit.");
        versionSpec.addOption(helpOption());
        CommandSpec rootSpec = CommandSpec.create().name("conntrackd");
        rootSpec.usageMessage().description("Conntrack event logger for Linux, built on Apache Camel.")
                .abbreviateSynopsis(true);
        rootSpec.addOption(helpOption());
        root = new CommandLine(rootSpec);
        run = new CommandLine(runSpec);
        root.addSubcommand("run", run);
        root.addSubcommand("validate", new CommandLine(validateSpec()));
        root.addSubcommand("version", new CommandLine(versionSpec));
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
                .paramLabel(String.join("|", VALIDATE_OUTPUTS))
                .description("text: one line per check; json: one JSON document (docs/validate.md)",
                        "(default: " + VALIDATE_OUTPUTS.get(0) + ")")
                .build());
        return spec;
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
            case CHOICE -> b.type(String.class).arity("1").paramLabel(String.join("|", s.choices()));
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
            CommandLine where = e.getCommandLine();
            throw new ConfigurationException(e.getMessage() + System.lineSeparator()
                    + where.getHelp().synopsis(0).stripTrailing() + System.lineSeparator()
                    + "Run '" + where.getCommandSpec().qualifiedName() + " --help' for every flag and its default.");
        }
        ParseResult sub = result.subcommand();
        if (result.isUsageHelpRequested() || sub == null) {
            if (sub == null && !result.isUsageHelpRequested()) {
                throw new ConfigurationException("missing command" + System.lineSeparator() + usage());
            }
            return new Parsed(Command.HELP, Map.of(), usage());
        }
        if (sub.isUsageHelpRequested()) {
            return new Parsed(Command.HELP, Map.of(), sub.commandSpec().commandLine().getUsageMessage());
        }
        if (sub.commandSpec().name().equals("version")) {
            return new Parsed(Command.VERSION, Map.of(), "");
        }
        if (sub.commandSpec().name().equals("validate")) {
            return new Parsed(Command.VALIDATE, flags(sub), "", validateOutput(sub));
        }
        return new Parsed(Command.RUN, flags(sub), "");
    }

    private static String validateOutput(ParseResult sub) throws ConfigurationException {
        String output = sub.matchedOptionValue("--output", VALIDATE_OUTPUTS.get(0));
        if (!VALIDATE_OUTPUTS.contains(output)) {
            throw new ConfigurationException("invalid value \"" + output + "\" for --output: expected one of "
                    + String.join(", ", VALIDATE_OUTPUTS) + System.lineSeparator()
                    + "Run 'conntrackd validate --help' for every flag and its default.");
        }
        return output;
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

    String usage() {
        return root.getUsageMessage();
    }
}
