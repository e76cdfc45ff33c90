package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/migration.md keeps every difference from the original in one table (topic, original, ours,
 * why, what to do) that names the differences issue 18 asked to document, and README links it.
 */
class MigrationDocTest {

    static final Path DOC = Path.of("docs/migration.md");
    private static final String BEGIN = "<!-- BEGIN migration table: MigrationDocTest checks it -->";
    private static final String END = "<!-- END migration table -->";
    private static final String HEADER = "| Topic | Original | conntrackd | Why | What to do |";

    private static List<List<String>> rows() throws IOException {
        String text = Files.readString(DOC);
        assertThat(text).contains(BEGIN, END);
        List<String> lines = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END)).strip().lines()
                .toList();
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.get(1)).isEqualTo("|---|---|---|---|---|");
        return lines.subList(2, lines.size()).stream().map(MigrationDocTest::cells).toList();
    }

    /** The cells of a table row; {@code \|} inside a cell is text, not a border. */
    private static List<String> cells(String row) {
        assertThat(row).startsWith("| ").endsWith(" |");
        return Arrays.stream(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|", -1)).map(String::strip)
                .toList();
    }

    @Test
    void everyRowSaysWhatTheOriginalAndWeDoAndEveryDifferenceWhyAndWhatToDo() throws IOException {
        for (List<String> row : rows()) {
            assertThat(row).as(row.get(0)).hasSize(5);
            assertThat(row.subList(0, 3)).as(row.get(0)).allSatisfy(cell -> assertThat(cell).isNotEmpty());
            if (!row.get(2).contains("**same now**")) {
                assertThat(row.subList(3, 5)).as(row.get(0)).allSatisfy(cell -> assertThat(cell).isNotEmpty());
            }
        }
    }

    @Test
    void theTableIsTheOnlyOneAndNamesEveryDocumentedDifference() throws IOException {
        assertThat(Files.readString(DOC).lines().filter(l -> l.startsWith("|---"))).hasSize(1);
        List<String> topics = rows().stream().map(r -> r.get(0)).toList();
        assertThat(topics).contains("No sink enabled", "Exit codes", "Unknown configuration key",
                "Key case, file search order", "`--help`, `help`, `completion`", "`conntrackd version`", "Daemon log",
                "Other network namespaces", "Kernel overrun (ENOBUFS)", "`tcp_state` values", "GeoIP fields",
                "`is_network` category", "Bad literal in a rule", "`in_cidr` on IPv4-mapped IPv6", "Syslog message",
                "Journald at start", "Loki streams", "Loki labels", "Profiler");
        assertThat(topics).doesNotHaveDuplicates();
    }

    @Test
    void theLokiRowTranslatesTheOriginalsLabelQueries() throws IOException {
        String loki = rows().stream().filter(r -> r.get(0).equals("Loki streams")).findFirst().orElseThrow().get(4);
        assertThat(loki).contains("`{dst_port=\"443\"}` becomes `{service_name=\"conntrackd\"} \\| dst_port=\"443\"`");
    }

    @Test
    void theReadmeLinksIt() throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains("(docs/migration.md)");
    }
}
