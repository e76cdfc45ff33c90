package io.conntrackd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.BuildOutputs;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications of their own that add the installed library (built by maven-invoker-plugin from src/it, see
 * docs/camel.md): a Camel Main application and a Spring Boot application, each with its own configuration and
 * a YAML route conntrack: -> cel filter (NEW events only) -> JSON -> file:. Run against real kernel events of
 * a test namespace, each writes a JSON line for every new flow and none for the flows' other events, and
 * runs with its own Camel name, shutdown timeout, JMX and routes: nothing of the daemon's configuration
 * reached it.
 */
class HostApplicationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aCamelMainApplicationRoutesKernelEventsWithItsOwnSettings() throws Exception {
        Path target = BuildOutputs.hostProject("camel-main-host").resolve("target");
        try (TestNamespace ns = TestNamespace.create()) {
            Map<String, String> report = routeNewFlows(ns, List.of(java(), "-Dhost.report=" + report(),
                    "-Dflows.netns=" + ns.path(), "-Dflows.dir=" + dir, "-cp",
                    target.resolve("camel-main-host-1.jar") + ":" + target.resolve("lib") + "/*",
                    "io.conntrackd.it.FlowRecorder"));

            assertThat(report).containsExactly(Map.entry("jmx", "true"), Map.entry("name", "flow-recorder"),
                    Map.entry("routes", "new-flows"), Map.entry("shutdownTimeout", "7"));
        }
    }

    @Test
    void aSpringBootApplicationRoutesKernelEventsWithItsOwnSettings() throws Exception {
        Path target = BuildOutputs.hostProject("spring-boot-host").resolve("target");
        try (TestNamespace ns = TestNamespace.create()) {
            Map<String, String> report = routeNewFlows(ns, List.of(java(), "-jar",
                    target.resolve("spring-boot-host-1.jar").toString(), "--host.report=" + report(),
                    "--flows.netns=" + ns.path(), "--flows.dir=" + dir));

            assertThat(report).containsExactly(Map.entry("jmx", "true"), Map.entry("name", "spring-flows"),
                    Map.entry("owner", "spring-boot-host"), Map.entry("routes", "spring-new-flows"),
                    Map.entry("shutdownTimeout", "9"));
        }
    }

    /**
     * Starts the application, waits for its report, makes flows, flushes them (DESTROY events, which the filter
     * drops) and makes one more flow as a sentinel: once its line is there, every other event was routed too.
     */
    private Map<String, String> routeNewFlows(TestNamespace ns, List<String> command) throws Exception {
        // in a directory of its own: Spring Boot also reads ./application.properties, and this project has one
        Process app = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve("app.out").toFile())
                .redirectError(dir.resolve("app.err").toFile()).start();
        try {
            Map<String, String> report = Await.until("the application's report (it started)", () -> readReport(app),
                    r -> !r.isEmpty(), START);
            List<Flow> flows = new ArrayList<>(ns.tcpFlows("127.0.0.1", 2));
            flows.addAll(ns.udpFlows("::1", 2, true));
            Await.until("a line for each of the " + flows.size() + " new flows", this::lines,
                    l -> l.size() >= flows.size(), WAIT);
            ns.flushConntrack();
            Flow sentinel = ns.tcpFlows("127.0.0.1", 1).get(0);
            List<JsonNode> lines = Await.until("the sentinel flow's line", this::lines,
                    l -> l.stream().anyMatch(line -> line.path("src_port").asInt() == sentinel.sourcePort()), WAIT);

            flows.add(sentinel);
            assertThat(lines).hasSize(5).allSatisfy(line -> assertThat(line.path("type").asText()).isEqualTo("NEW"));
            for (Flow flow : flows) {
                assertThat(lines).as("the line of %s", flow).anySatisfy(line -> {
                    assertThat(line.path("prot").asText()).isEqualTo(flow.protocol().name());
                    assertThat(line.path("src_port").asInt()).isEqualTo(flow.sourcePort());
                    assertThat(line.path("dst_port").asInt()).isEqualTo(flow.destinationPort());
                });
            }
            return report;
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private Path report() {
        return dir.resolve("report.properties");
    }

    /** The report, sorted; empty until written. Fails with the application's output if it ended. */
    private Map<String, String> readReport(Process app) throws IOException {
        if (!app.isAlive()) {
            throw new AssertionError("the application exited with " + app.exitValue() + ":\n"
                    + Files.readString(dir.resolve("app.out")) + Files.readString(dir.resolve("app.err")));
        }
        Map<String, String> report = new TreeMap<>();
        if (Files.exists(report())) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(report())));
            p.stringPropertyNames().forEach(k -> report.put(k, p.getProperty(k)));
        }
        return report;
    }

    /** The complete lines of the file the route appends to. */
    private List<JsonNode> lines() throws IOException {
        Path file = dir.resolve("new-flows.jsonl");
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
