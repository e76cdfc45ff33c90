package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.conntrackd.testing.DocBlocks;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/camel.md work: every YAML route is loaded and every Java class compiled and
 * added to a CamelContext, whose routes are then created (endpoints, options and Kamelets resolved)
 * but not started, so no netlink socket is opened.
 */
class CamelDocExamplesTest {

    private static final Path DOC = Path.of("docs/camel.md");

    @TempDir
    Path dir;

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private List<String> blocks(String language) throws IOException {
        return DocBlocks.of(DOC, language);
    }

    private void createRoutes(int expected) {
        context.setAutoStartup(false);
        context.start();
        assertThat(context.getRoutes()).hasSizeGreaterThanOrEqualTo(expected);
    }

    @Test
    void everyYamlRouteLoads() throws Exception {
        List<String> routes = blocks("yaml").stream().filter(b -> b.contains("\n- route:") || b.startsWith("- route:"))
                .toList();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(8);
        // what the host applications' own configuration gives their routes
        Properties hostProperties = new Properties();
        hostProperties.setProperty("flows.netns", "");
        hostProperties.setProperty("flows.dir", dir.toString());
        context.getPropertiesComponent().setInitialProperties(hostProperties);
        for (int i = 0; i < routes.size(); i++) {
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.fromString("example-" + i + ".camel.yaml", routes.get(i)));
        }
        createRoutes(routes.size());
    }

    /**
     * A block right after a line naming a file of src/it ({@code `src/it/...`:}) is that file, as the host
     * applications that HostApplicationsIT and OperatorRoutesIT run have it.
     */
    @Test
    void theBlocksOfTheHostApplicationsAreTheirFiles() throws IOException {
        Matcher m = Pattern.compile("(?s)\n`(src/it/[^`]+)`:\n\n```\\w+\n(.*?)```").matcher(Files.readString(DOC));
        List<String> files = new ArrayList<>();
        while (m.find()) {
            assertThat(m.group(2)).as(m.group(1)).isEqualTo(Files.readString(Path.of(m.group(1))));
            files.add(m.group(1));
        }
        assertThat(files).containsExactly(
                "src/it/camel-main-host/src/main/resources/application.properties",
                "src/it/camel-main-host/src/main/resources/routes/new-flows.camel.yaml",
                "src/it/spring-boot-host/src/main/resources/application.properties",
                "src/it/spring-boot-host/src/main/resources/camel/new-flows.yaml",
                "src/it/ext-component/pom.xml");
    }

    @Test
    void everyJavaExampleCompilesAndItsRoutesAreCreated() throws Exception {
        List<String> sources = blocks("java");
        assertThat(sources).hasSizeGreaterThanOrEqualTo(2);
        List<String> classNames = new ArrayList<>();
        for (String source : sources) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
            assertThat(name.find()).as("a public class in%n%s", source).isTrue();
            classNames.add(name.group(1));
            Files.writeString(dir.resolve(name.group(1) + ".java"), source);
        }
        compile(classNames);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            for (String className : classNames) {
                context.addRoutes((RoutesBuilder) loader.loadClass(className).getDeclaredConstructor().newInstance());
            }
            createRoutes(classNames.size());
        }
    }

    @Test
    void theOptionTableListsEveryOptionOfTheComponentWithItsDefault() throws Exception {
        String doc = Files.readString(DOC);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Path.of("src/generated/resources/META-INF/io/conntrackd/source/conntrack.json").toFile());
        List<String> documented = new ArrayList<>();
        json.get("properties").fields().forEachRemaining(option -> {
            if (option.getValue().path("kind").asText().equals("parameter")
                    && !option.getValue().path("label").asText().contains("consumer,advanced")) {
                String name = option.getKey();
                Matcher row = Pattern.compile("(?m)^\\| `" + name + "` \\| ([^|]*) \\|").matcher(doc);
                assertThat(row.find()).as("docs/camel.md has a row for option %s", name).isTrue();
                String defaultValue = option.getValue().path("defaultValue").asText("");
                if (!defaultValue.isEmpty()) {
                    assertThat(row.group(1)).as("default of %s", name).isEqualTo("`" + defaultValue + "`");
                }
                documented.add(name);
            }
        });
        assertThat(documented).contains("eventTypes", "batchSize", "netns");
    }

    /** javac follows the Class-Path of surefire's manifest-only jar, so the test classpath is enough. */
    private void compile(List<String> classNames) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), "-proc:none"));
        classNames.forEach(c -> args.add(dir.resolve(c + ".java").toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(code).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }
}
