package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --routes DIR}: camel-main's include pattern for the directory, or a configuration error. */
class RouteFilesTest {

    @TempDir
    Path dir;

    private Configuration resolve(String... args) throws ConfigurationException {
        return new ConfigurationResolver(Map.of(), dir.resolve("etc")).resolve(new CommandLineParser().parse(args)
                .flags());
    }

    @Test
    void withoutRoutesTheBuiltInRouteStays() throws Exception {
        assertThat(RouteFiles.includePattern(resolve("run"))).isEmpty();
    }

    @Test
    void aDirectoryWithRouteFilesBecomesTheIncludePattern() throws Exception {
        Path routes = Files.createDirectory(dir.resolve("collector"));
        Files.writeString(routes.resolve("collector.camel.yaml"), "- route: {}\n");
        assertThat(RouteFiles.includePattern(resolve("run", "--routes", routes.toString())))
                .contains("file:" + routes + "/*.camel.yaml");
    }

    @Test
    void aMissingOrEmptyDirectoryIsAConfigurationError() throws Exception {
        Path missing = dir.resolve("none");
        assertThatThrownBy(() -> RouteFiles.includePattern(resolve("run", "--routes", missing.toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("invalid routes = \"" + missing + "\" (from flag --routes): not a readable"
                        + " directory");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("route.yaml"), "- route: {}\n");
        assertThatThrownBy(() -> RouteFiles.includePattern(resolve("run", "--routes", empty.toString())))
                .hasMessage("invalid routes = \"" + empty + "\" (from flag --routes): the directory has no route file"
                        + " (*.camel.yaml)");
    }
}
