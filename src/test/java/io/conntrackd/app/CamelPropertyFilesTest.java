package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.conntrackd.testing.Await;
import org.apache.camel.Processor;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed layout's Camel settings (contrib/application.properties, with /etc/conntrackd replaced
 * by a temporary directory): routes come from the routes directory, and with reloading enabled an
 * edited route replaces the running one. Runs camel-main with a timer route, no netlink needed.
 */
class CamelPropertyFilesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path etc;

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private Main main;

    @AfterEach
    void stop() throws Exception {
        if (main != null) {
            main.stop();
        }
    }

    /** Installs contrib/application.properties, with reloading turned on or not, plus {@code extra} lines. */
    private void installContribProperties(boolean reload, String extra) throws Exception {
        String shipped = Files.readString(Path.of("contrib/application.properties"));
        String installed = shipped.replace("/etc/conntrackd", etc.toString());
        if (reload) {
            installed = installed.replace("#camel.main.routes-reload", "camel.main.routes-reload");
        }
        Files.writeString(etc.resolve("application.properties"), installed + extra);
        Files.createDirectories(etc.resolve("routes"));
    }

    private Path writeRoute(String name, String body) throws Exception {
        return Files.writeString(etc.resolve("routes").resolve(name), """
                - route:
                    id: probe
                    from:
                      uri: timer:probe?period=100
                      steps:
                        - setBody:
                            constant: "%s"
                        - process:
                            ref: recorder
                """.formatted(body));
    }

    private void startCamelMain() throws Exception {
        main = new Main();
        main.setPropertyPlaceholderLocations(CamelPropertyFiles.locations(etc));
        main.bind("recorder", (Processor) exchange -> seen.add(exchange.getIn().getBody(String.class)));
        main.start();
    }

    private void awaitSeen(String body) throws IOException {
        awaitSeen(body, 1);
    }

    private List<String> awaitSeen(String body, int times) throws IOException {
        return Await.until(times + " x the body " + body, () -> List.copyOf(seen),
                s -> s.stream().filter(body::equals).count() >= times, WAIT);
    }

    @Test
    void routesComeFromTheRoutesDirectoryAndOperatorKeysOverrideTheJars() throws Exception {
        installContribProperties(false, "camel.main.name = edge-router-7\n");
        writeRoute("probe.camel.yaml", "from-etc");
        startCamelMain();
        awaitSeen("from-etc");
        assertThat(main.getCamelContext().getName()).isEqualTo("edge-router-7");
        assertThat(main.getCamelContext().getRoutes()).extracting(r -> r.getRouteId()).containsExactly("probe");
    }

    @Test
    void anEditedRouteIsReloadedWhenReloadingIsEnabled() throws Exception {
        assertThat(Files.readString(Path.of("contrib/application.properties")))
                .as("shipped with reloading off").contains("\n#camel.main.routes-reload-enabled = true");
        installContribProperties(true, "");
        Path route = writeRoute("probe.camel.yaml", "v1");
        startCamelMain();
        awaitSeen("v1");

        writeRoute("probe.camel.yaml", "v2");
        awaitSeen("v2");
        seen.clear();
        // both timers fire every 100 ms: were the old route still running, it would fire between these
        assertThat(awaitSeen("v2", 3)).as("only the edited route runs").containsOnly("v2");
        assertThat(main.getCamelContext().getRoutes()).hasSize(1);

        // as docs/configuration.md says: a broken edit leaves no route running until the file is fixed
        Files.writeString(route, "- route: [broken\n");
        Await.until("no route running", () -> main.getCamelContext().getRoutes(), List::isEmpty, WAIT);
        writeRoute("probe.camel.yaml", "v3");
        awaitSeen("v3");
    }

    @Test
    void aJvmSystemPropertyOverridesBothFiles() throws Exception {
        installContribProperties(false, "camel.main.name = from-file\n");
        writeRoute("probe.camel.yaml", "x");
        System.setProperty("camel.main.name", "from-jvm-option");
        try {
            startCamelMain();
            assertThat(main.getCamelContext().getName()).isEqualTo("from-jvm-option");
        } finally {
            System.clearProperty("camel.main.name");
        }
    }

    @Test
    void withoutAnOperatorFileOnlyTheJarsPropertiesAreUsed() throws Exception {
        assertThat(CamelPropertyFiles.locations(etc))
                .isEqualTo("file:" + etc.resolve("application.properties") + ";optional=true,"
                        + "classpath:application.properties");
    }

    @Test
    void aConntrackdSettingInTheOperatorFileIsAnError() throws Exception {
        Path file = Files.writeString(etc.resolve("application.properties"),
                "camel.main.name = x\nconntrackd.sink.stream.writer = stderr\n");
        assertThatThrownBy(() -> CamelPropertyFiles.locations(etc))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("key \"conntrackd.sink.stream.writer\" in " + file
                        + ": conntrackd settings belong in the configuration file (conntrackd.yaml)");
    }
}
