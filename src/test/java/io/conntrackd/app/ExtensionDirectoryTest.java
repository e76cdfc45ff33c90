package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ext-dir}: which jars join the classpath, and the errors that name the culprit. */
class ExtensionDirectoryTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private ExtensionDirectory open(String... flags) throws ConfigurationException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(flags));
        CommandLineParser.Parsed parsed = new CommandLineParser().parse(args.toArray(String[]::new));
        return ExtensionDirectory.open(new ConfigurationResolver(env, dir).resolve(parsed.flags()));
    }

    private static Path jar(Path file, String resource) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(resource));
            jar.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void jarsInTheDirectoryAndOneLevelBelowJoinTheClasspath() throws Exception {
        Path ext = dir.resolve("ext");
        jar(ext.resolve("a.jar"), "a.txt");
        jar(ext.resolve("camel-stream/b.jar"), "b.txt");
        jar(ext.resolve("camel-stream/deeper/c.jar"), "c.txt");
        Files.writeString(ext.resolve("README"), "not a jar, not named .jar: ignored");

        ExtensionDirectory extensions = open("--ext-dir", ext.toString());

        assertThat(extensions.jars()).containsExactly(ext.resolve("a.jar"), ext.resolve("camel-stream/b.jar"));
        assertThat(extensions.classLoader().getResource("a.txt")).isNotNull();
        assertThat(extensions.classLoader().getResource("b.txt")).isNotNull();
        assertThat(extensions.classLoader().getResource("c.txt")).isNull();
        assertThat(extensions.classLoader().getParent()).isSameAs(ExtensionDirectory.class.getClassLoader());
    }

    @Test
    void theVariableNamesTheDirectoryToo() throws Exception {
        Path ext = dir.resolve("elsewhere");
        jar(ext.resolve("a.jar"), "a.txt");
        env.put("CONNTRACKD_EXT_DIR", ext.toString());

        assertThat(open().jars()).containsExactly(ext.resolve("a.jar"));
    }

    @Test
    void aFileNamedJarThatIsNotOneStopsStartupNamingIt() throws Exception {
        Path ext = dir.resolve("ext");
        Files.createDirectories(ext);
        Files.writeString(ext.resolve("camel-foo.jar"), "<html>404 Not Found</html>");

        assertThatThrownBy(() -> open("--ext-dir", ext.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("extension jar " + ext.resolve("camel-foo.jar") + " is not a jar (");
    }

    @Test
    void aNamedDirectoryThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> open("--ext-dir", dir.resolve("none").toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ext-dir")
                .hasMessageContaining(dir.resolve("none").toString())
                .hasMessageContaining("--ext-dir")
                .hasMessageContaining("a directory of jars");
    }

    @Test
    void withoutTheDefaultDirectoryTheClasspathStaysAsItIs() throws Exception {
        ExtensionDirectory extensions = open();

        // the tests run from target/classes, so the default is target/ext, which the build does not make
        assertThat(extensions.directory()).isEqualTo(Path.of("target/ext").toAbsolutePath());
        assertThat(extensions.jars()).isEmpty();
        assertThat(extensions.classLoader()).isSameAs(ExtensionDirectory.class.getClassLoader());
    }

    @Test
    void aMissingClassIsNamedWithTheDirectory() throws Exception {
        ExtensionDirectory extensions = open();
        Exception failure = new FailedToCreateRouteException("r1", "route", "dataset:x",
                new NoClassDefFoundError("org/apache/camel/component/mock/MockComponent"));

        assertThat(extensions.missingClass(failure)).isEqualTo("class org.apache.camel.component.mock.MockComponent"
                + " is missing: put the jars that hold it into the extension directory "
                + Path.of("target/ext").toAbsolutePath() + " (ext-dir; docs/camel.md, \"Adding a component\")");
        assertThat(extensions.missingClass(new IllegalStateException("port taken"))).isNull();
    }
}
