package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.conntrackd.filter.Action;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filter rules from flags, environment and file are compiled before Camel starts; a bad one exits 2. */
class FilterSetupTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(Map<String, String> env, String... args) {
        return new ConntrackdMain(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void badRuleFromAFlagExitsWithTwoNamingRuleFlagAndReason() {
        int code = main(Map.of(), "run", "--filter", "log any", "--filter", "drop event.typ == \"NEW\"");

        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "conntrackd: invalid filter rule 2 \"drop event.typ == \"NEW\"\" (from flag --filter):"
                        + " undefined field 'typ' at column 11" + System.lineSeparator());
    }

    @Test
    void badRuleFromTheEnvironmentNamesTheVariable() {
        int code = main(Map.of("CONNTRACKD_FILTER", "log protocol == \"TCP\"\ndrop"), "run");

        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "invalid filter rule 2 \"drop\" (from environment variable CONNTRACKD_FILTER): empty expression");
    }

    @Test
    void badRuleFromTheConfigFileNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("conntrackd.yaml"), """
                filter:
                  - 'drop is_network(destination.address, "INTRANET")'
                """);

        int code = main(Map.of(), "run");

        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid filter rule 1",
                "(from configuration file " + file + " (key filter))",
                "unknown network category \"INTRANET\"");
    }

    @Test
    void rulesFromEverySourceCompileInOrder() throws Exception {
        Configuration config = new ConfigurationResolver(Map.of("CONNTRACKD_FILTER", "drop any"), dir)
                .resolve(Map.of(Settings.FILTER, List.of("log protocol == 'TCP'", "drop any")));

        FilterProcessor filter = FilterSetup.processor(config);

        assertThat(filter.rules().rules()).extracting(Rule::action).containsExactly(Action.LOG, Action.DROP);
        assertThat(filter.rules().rules()).extracting(Rule::text).containsExactly("log protocol == 'TCP'", "drop any");
    }

    @Test
    void noRulesMeansAnEmptyFilter() throws Exception {
        Configuration config = new ConfigurationResolver(Map.of(), dir).resolve(Map.of());
        assertThat(FilterSetup.processor(config).rules().isEmpty()).isTrue();
    }
}
