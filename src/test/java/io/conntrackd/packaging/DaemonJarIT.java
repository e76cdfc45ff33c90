package io.conntrackd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.conntrackd.testing.BuildOutputs;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import org.junit.jupiter.api.Test;

/**
 * The daemon's jar, assembled from the build's classes and every runtime dependency, is whole: no service
 * file lost a line in the merge (Camel finds type converters, components, data formats and languages
 * through them), and with nothing else on the classpath every component, data format and language it
 * ships resolves, and conntrackd's converters are found.
 */
class DaemonJarIT {

    private static final String SERVICES = "META-INF/services/";

    @Test
    void everyServiceFileOfTheBuildAndItsDependenciesIsInTheJarWhole() throws IOException {
        Map<String, List<String>> expected = new TreeMap<>();
        for (Path jar : BuildOutputs.runtimeClasspath()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().filter(DaemonJarIT::isServiceFile).toList()) {
                    expected.computeIfAbsent(entry.getName(), k -> new ArrayList<>()).addAll(lines(zip, entry));
                }
            }
        }
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve(SERVICES))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                expected.computeIfAbsent(classes.relativize(file).toString(), k -> new ArrayList<>())
                        .addAll(meaningful(Files.readString(file)));
            }
        }
        assertThat(expected).containsKeys(SERVICES + "org/apache/camel/TypeConverterLoader",
                SERVICES + "org/apache/camel/component/kafka", SERVICES + "org/apache/camel/component/conntrack");

        try (ZipFile daemon = new ZipFile(DaemonProcess.jar().toFile())) {
            for (Map.Entry<String, List<String>> file : expected.entrySet()) {
                ZipEntry merged = daemon.getEntry(file.getKey());
                assertThat(merged).as("%s in the daemon's jar", file.getKey()).isNotNull();
                assertThat(lines(daemon, merged)).as(file.getKey()).containsAll(file.getValue());
            }
        }
    }

    @Test
    void slf4jFindsOnlyTheDaemonsOwnBackend() throws IOException {
        try (ZipFile daemon = new ZipFile(DaemonProcess.jar().toFile())) {
            ZipEntry providers = daemon.getEntry(SERVICES + "org.slf4j.spi.SLF4JServiceProvider");
            assertThat(providers).isNotNull();
            assertThat(lines(daemon, providers)).containsExactly("io.conntrackd.app.log.DaemonLogProvider");
            assertThat(daemon.getEntry("org/slf4j/simple/SimpleLogger.class")).isNull();
        }
    }

    @Test
    void everyComponentDataFormatLanguageAndConverterItShipsResolves() throws IOException {
        String jar = DaemonProcess.jar().toString();
        Path probe = Path.of("src/test/resources/io/conntrackd/packaging/DaemonJarProbe.java");
        Command.Result result = Command.run(Duration.ofMinutes(2), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar, probe.toString(), jar));

        List<String> lines = result.requireSuccess().stdout().lines().toList();
        assertThat(lines).as(result.stderr()).noneMatch(l -> l.contains("FAILED"));
        assertThat(lines).contains("component conntrack ok", "component conntrack-stream ok",
                "component conntrack-syslog ok", "component conntrack-journal ok", "component conntrack-loki ok",
                "component log ok", "component file ok", "component kafka ok", "component http ok",
                "component https ok", "component netty ok", "component direct ok", "component seda ok",
                "component timer ok", "dataformat conntrack-json ok", "dataformat jackson ok", "language cel ok",
                "language simple ok", "converter-loader io.conntrackd.json.EventJsonConvertersLoader ok",
                "converter-loader org.apache.camel.component.file.GenericFileConverterLoader ok",
                "converter ConntrackEvent->String ok", "converter ConntrackEvent->byte[] ok",
                "converter ConntrackEvent->InputStream ok", "converter ConntrackEvent->Map ok",
                "converter String->ConntrackEvent ok");
    }

    private static boolean isServiceFile(ZipEntry entry) {
        return entry.getName().startsWith(SERVICES) && !entry.isDirectory();
    }

    private static List<String> lines(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return meaningful(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The lines that say something: no blank lines, no comments. */
    private static List<String> meaningful(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
