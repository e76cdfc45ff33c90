package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.BuildOutputs;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.apache.camel.component.dataset.DataSetComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator edits the daemon's route (YAML in a routes directory, no rebuild) and adds Camel endpoints:
 * real kernel events reach {@code file:} and {@code log:} as the stream sink's lines, and a component from the
 * extension directory (camel-stream, fetched by Maven with the recipe of docs/camel.md) works in a route. A
 * file in the extension directory that is not a jar, or a component without its dependencies, stops startup
 * with a message naming the file or the missing class.
 */
class OperatorRoutesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SHIPPED_ROUTE = "routes/conntrackd.camel.yaml";

    @TempDir
    Path dir;

    @Test
    void anEditedRouteSendsKernelEventsToFileAndLogAsTheStreamSinksLines() throws Exception {
        Path routes = editedRoute("""
                        - convertBodyTo:
                            type: String
                        - to:
                            uri: "file:%s"
                            parameters:
                              fileName: flows.jsonl
                              fileExist: Append
                              appendChars: "\\\\n"
                        - to:
                            uri: log:flows
                            parameters:
                              plain: true
                """.formatted(dir));
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = start(ns, routes)) {
            Flow sentinel = makeFlows(ns);
            List<JsonNode> streamed = daemon.awaitJsonLines("the sentinel's NEW event", l -> hasNew(l, sentinel), WAIT);
            List<JsonNode> filed = awaitLines("the sentinel's NEW event in the file", () -> fileLines("flows.jsonl"),
                    sentinel);
            List<JsonNode> logged = awaitLines("the sentinel's NEW event logged by log:flows",
                    () -> loggedLines(daemon, "flows"), sentinel);

            assertThat(streamed).extracting(l -> l.path("type").asText()).contains("NEW", "UPDATE", "DESTROY");
            assertThat(upTo(sentinel, filed)).isEqualTo(upTo(sentinel, streamed));
            assertThat(upTo(sentinel, logged)).isEqualTo(upTo(sentinel, streamed));
        }
    }

    @Test
    void aComponentInTheExtensionDirectoryIsUsableFromARoute() throws Exception {
        Path ext = BuildOutputs.hostProject("ext-component").resolve("target/ext");
        assertThat(ext.resolve("camel-stream/camel-stream-4.18.0.jar")).isRegularFile();
        Path routes = editedRoute("""
                        - convertBodyTo:
                            type: String
                        - to:
                            uri: stream:file
                            parameters:
                              fileName: "%s"
                """.formatted(dir.resolve("stream.jsonl")));
        try (TestNamespace ns = TestNamespace.create();
             DaemonProcess daemon = start(ns, routes, "--ext-dir", ext.toString())) {
            Flow sentinel = makeFlows(ns);
            List<JsonNode> streamed = daemon.awaitJsonLines("the sentinel's NEW event", l -> hasNew(l, sentinel), WAIT);
            List<JsonNode> written = awaitLines("the sentinel's NEW event from stream:file",
                    () -> fileLines("stream.jsonl"), sentinel);

            assertThat(upTo(sentinel, written)).isEqualTo(upTo(sentinel, streamed));
            assertThat(daemon.stderr()).contains("extension jars from " + ext + ": 10");
        }
    }

    @Test
    void aFileInTheExtensionDirectoryThatIsNotAJarStopsStartupNamingIt() throws Exception {
        Path ext = Files.createDirectories(dir.resolve("ext"));
        Files.writeString(ext.resolve("camel-foo-4.18.0.jar"), "<html>Not Found</html>");

        Command.Result result = DaemonProcess.runToExit(DaemonProcess.command("run", "--ext-dir", ext.toString(),
                "--netlink.netns", "/dev/null/none"));

        assertThat(result.exitCode()).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(result.stderr()).contains("conntrackd: extension jar " + ext.resolve("camel-foo-4.18.0.jar")
                + " is not a jar (zip END header not found): remove it from the extension directory or replace it\n");
    }

    @Test
    void aComponentWithoutItsDependenciesStopsStartupNamingTheMissingClass() throws Exception {
        // camel-dataset needs camel-mock, which the daemon does not ship
        Path ext = Files.createDirectories(dir.resolve("ext"));
        Path dataset = Path.of(DataSetComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(dataset, ext.resolve(dataset.getFileName()));
        Path routes = editedRoute("""
                        - to:
                            uri: dataset:flows
                """);

        List<String> command = new ArrayList<>(DaemonProcess.command("run", "--ext-dir", ext.toString(),
                "--netlink.netns", "/dev/null/none"));
        command.add(1, "-Dcamel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml");
        Command.Result result = DaemonProcess.runToExit(command);

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ConntrackdMain.EXIT_FAILURE);
        assertThat(result.stderr()).contains("conntrackd: class org.apache.camel.component.mock.MockComponent is"
                + " missing", "put the jars that hold it into the extension directory " + ext);
    }

    /** A routes directory holding the shipped route with {@code steps} added after its last step. */
    private Path editedRoute(String steps) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        String shipped = Files.readString(Path.of(SHIPPED_ROUTE), StandardCharsets.UTF_8);
        Files.writeString(routes.resolve("conntrackd.camel.yaml"), shipped.stripTrailing() + "\n" + steps);
        return routes;
    }

    /** The daemon with the stream sink, one event per exchange, and the routes of {@code routes}. */
    private DaemonProcess start(TestNamespace ns, Path routes, String... args) throws IOException {
        List<String> runArgs = new ArrayList<>(List.of("run", "--netlink.netns", ns.path(), "--sink.stream.enable",
                "--events.batch-size", "1"));
        runArgs.addAll(List.of(args));
        List<String> command = new ArrayList<>(DaemonProcess.command(runArgs.toArray(String[]::new)));
        command.add(1, "-Dcamel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml");
        return DaemonProcess.startCommand(dir, command);
    }

    /** Flows of every kind, flushed (DESTROY events), then one more flow: the sentinel, routed after them all. */
    private static Flow makeFlows(TestNamespace ns) throws IOException {
        ns.mixedFlows();
        ns.flushConntrack();
        return ns.tcpFlows("127.0.0.1", 1).get(0);
    }

    private static boolean hasNew(List<JsonNode> lines, Flow flow) {
        return lines.stream().anyMatch(l -> l.path("type").asText().equals("NEW")
                && l.path("src_port").asInt() == flow.sourcePort());
    }

    /** The lines up to the sentinel's NEW event: those after it (its UPDATE events) may not all be there yet. */
    private static List<JsonNode> upTo(Flow sentinel, List<JsonNode> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (hasNew(List.of(lines.get(i)), sentinel)) {
                return lines.subList(0, i + 1);
            }
        }
        throw new AssertionError("no NEW event of the sentinel " + sentinel + " in " + lines);
    }

    private static List<JsonNode> awaitLines(String what, Await.Probe<List<JsonNode>> lines, Flow sentinel)
            throws IOException {
        return Await.until(what, lines, l -> hasNew(l, sentinel), WAIT);
    }

    /** The complete lines of a file in the test's directory, as JSON. */
    private List<JsonNode> fileLines(String name) throws IOException {
        Path file = dir.resolve(name);
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return parse(text.substring(0, text.lastIndexOf('\n') + 1).lines().toList());
    }

    /** The message, as JSON, of each line of the daemon's log (JSON lines, its default) by {@code logger}. */
    private static List<JsonNode> loggedLines(DaemonProcess daemon, String logger) throws IOException {
        List<String> messages = new ArrayList<>();
        for (JsonNode line : parse(daemon.stderr().lines().filter(l -> l.startsWith("{") && l.endsWith("}"))
                .toList())) {
            if (line.path("logger").asText().equals(logger)) {
                messages.add(line.path("msg").asText());
            }
        }
        return parse(messages);
    }

    private static List<JsonNode> parse(List<String> lines) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(JSON.readTree(line));
        }
        return parsed;
    }
}
