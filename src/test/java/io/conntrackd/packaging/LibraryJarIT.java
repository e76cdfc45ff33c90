package io.conntrackd.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import io.conntrackd.testing.BuildOutputs;
import org.junit.jupiter.api.Test;

/**
 * The library, the artifact Camel applications depend on, changes nothing in its host: it holds the
 * component, the event model, the converters, the cel language, the enricher and the sinks, and none of
 * the daemon's classes, configuration, routes or logging backend; an application that depends on it gets
 * none of the daemon's dependencies; and its classes need nothing beyond what it brings.
 */
class LibraryJarIT {

    /** The daemon's own dependencies (optional in pom.xml), which must never reach an application. */
    private static final List<String> DAEMON_ONLY = List.of(
            "org.apache.camel:camel-main", "org.apache.camel:camel-yaml-dsl",
            "org.apache.camel:camel-yaml-dsl-common", "org.apache.camel:camel-yaml-dsl-deserializers",
            "org.apache.camel:camel-log",
            "org.apache.camel:camel-timer", "org.apache.camel:camel-direct", "org.apache.camel:camel-seda",
            "org.apache.camel:camel-jackson", "org.apache.camel:camel-micrometer",
            "io.micrometer:micrometer-registry-prometheus", "info.picocli:picocli",
            "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml",
            "com.fasterxml.jackson.dataformat:jackson-dataformat-toml", "io.pyroscope:agent",
            // logging backends: the application chooses its own
            "org.slf4j:slf4j-simple", "ch.qos.logback:logback-classic", "org.apache.logging.log4j:log4j-slf4j2-impl",
            "org.slf4j:slf4j-reload4j", "org.slf4j:slf4j-jdk14");

    @Test
    void holdsTheLibraryAndNothingOfTheDaemon() throws IOException {
        List<String> entries = BuildOutputs.entries(BuildOutputs.libraryJar());

        assertThat(entries).contains(
                "io/conntrackd/source/ConntrackComponent.class",
                "io/conntrackd/conntrack/ConntrackEvent.class",
                "io/conntrackd/json/EventJsonConverters.class",
                "io/conntrackd/filter/CelLanguage.class",
                "io/conntrackd/geoip/GeoIpEnricher.class",
                "io/conntrackd/sink/stream/StreamSinkComponent.class",
                "io/conntrackd/sink/syslog/SyslogSinkComponent.class",
                "io/conntrackd/sink/journal/JournalSinkComponent.class",
                "io/conntrackd/sink/loki/LokiComponent.class",
                "META-INF/services/org/apache/camel/TypeConverterLoader",
                "META-INF/services/org/apache/camel/component/conntrack",
                "META-INF/services/org/apache/camel/language/cel",
                "META-INF/services/org/apache/camel/dataformat/conntrack-json",
                "kamelets/conntrack-source.kamelet.yaml");
        // at the top only packages and META-INF: no application.properties, no routes/ that a host's
        // classpath:routes/* pattern would load, no logging configuration
        Set<String> top = entries.stream().map(e -> e.contains("/") ? e.substring(0, e.indexOf('/') + 1) : e)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(top).containsExactly("META-INF/", "io/", "kamelets/");
        assertThat(entries).noneMatch(e -> e.startsWith("io/conntrackd/app/"))
                .noneMatch(e -> e.startsWith("io/conntrackd/observe/ObserveServer"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .doesNotContain("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
    }

    @Test
    void anApplicationGetsNoneOfTheDaemonsDependencies() throws IOException {
        Set<String> resolved = resolvedByAnApplication();

        assertThat(resolved).contains("io.conntrackd:conntrackd-camel", "org.apache.camel:camel-support",
                "org.apache.camel:camel-netty", "org.apache.camel:camel-http", "com.github.jnr:jnr-ffi",
                "dev.cel:cel", "com.maxmind.geoip2:geoip2", "com.fasterxml.jackson.core:jackson-databind");
        assertThat(resolved).doesNotContainAnyElementsOf(DAEMON_ONLY);
    }

    @Test
    void theLibrarysClassesNeedNothingBeyondWhatItBrings() throws IOException {
        Path classpath = BuildOutputs.hostProject("library-dependencies").resolve("target/classpath.txt");
        String jdeps = run("jdeps", "--multi-release", "17", "-verbose:class", "--class-path",
                Files.readString(classpath).strip(), BuildOutputs.libraryJar().toString());

        // only the meters and AutoMeters' inner Binding use Micrometer, which stays optional: AutoMeters loads
        // them only when Micrometer is there
        List<String> missing = jdeps.lines().filter(l -> l.endsWith("not found")).map(String::strip)
                .filter(l -> !l.startsWith("conntrackd-camel-"))
                .filter(l -> !l.matches("io\\.conntrackd\\.observe\\.(ConntrackdMeters|AutoMeters\\$Binding)\\S* +->"
                        + " io\\.micrometer\\..*"))
                .toList();
        assertThat(missing).as("classes of the library that refer to classes no dependency of it holds").isEmpty();
        assertThat(jdeps).contains("io.conntrackd.observe.ConntrackdMeters");
    }

    /** group:artifact of each dependency in the list the library-dependencies project resolved. */
    private static Set<String> resolvedByAnApplication() throws IOException {
        Path list = BuildOutputs.hostProject("library-dependencies").resolve("target/dependencies.txt");
        Set<String> resolved = new TreeSet<>();
        for (String line : Files.readAllLines(list)) {
            String[] gav = line.strip().split(":");
            if (gav.length >= 4) {
                resolved.add(gav[0] + ":" + gav[1]);
            }
        }
        return resolved;
    }

    private static String run(String tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            int code = ToolProvider.findFirst(tool).orElseThrow().run(print, print, args);
            assertThat(code).as("%s %s:%n%s", tool, String.join(" ", args), out).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
