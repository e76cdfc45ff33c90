package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.conntrackd.geoip.TestDatabases;
import io.conntrackd.testing.LokiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd validate} in-process, for what needs no privilege: the configuration, the routes (an
 * operator's collector route reads no conntrack events, so no kernel check runs), GeoIP files, the Loki sink
 * against the in-process server, usage errors. ValidateIT runs the packaged daemon against the kernel and the
 * real servers.
 */
class ValidateCommandTest {

    /** A route that reads no conntrack events and sends nothing anywhere. */
    private static final String COLLECTOR = """
            - route:
                id: quiet
                from:
                  uri: timer:quiet?repeatCount=1
                  steps:
                    - to: log:quiet
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int exitCode;

    /** Runs validate with {@code --output json} and returns the document. */
    private ValidateDocument validate(String... args) throws Exception {
        out.reset();
        List<String> all = new ArrayList<>(List.of("validate", "--output", "json"));
        all.addAll(Arrays.asList(args));
        exitCode = run(all.toArray(String[]::new));
        return ValidateDocument.parse(out.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return new ConntrackdMain(Map.of(), dir.resolve("etc"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private Path routes(String name, String yaml) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve(name), yaml);
        return routes;
    }

    @Test
    void aCollectorRouteNeedsNoPrivilegeAndEveryCheckPasses() throws Exception {
        ValidateDocument doc = validate("--routes", routes("collector.camel.yaml", COLLECTOR).toString(),
                "--sink.stream.enable");

        assertThat(exitCode).as(doc.toString()).isZero();
        assertThat(doc.doc().get("status").asText()).isEqualTo("ok");
        assertThat(doc.doc().get("exitCode").asInt()).isZero();
        assertThat(doc.ids()).containsExactly("config", "config.filter", "config.ext-dir", "config.routes",
                "privileges", "sink.stream");
        assertThat(doc.message("config.routes"))
                .contains("route quiet (file:" + dir.resolve("routes/collector.camel.yaml") + ") loads");
        assertThat(doc.message("privileges")).contains("no route reads conntrack events");
        assertThat(doc.doc().get("counts").get("ok").asInt()).isEqualTo(6);
    }

    @Test
    void anUnknownComponentIsAnErrorNamingTheRouteFile() throws Exception {
        ValidateDocument doc = validate("--routes", routes("archive.camel.yaml", COLLECTOR.replace("log:quiet",
                "nosuch:archive")).toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(doc.status("config.routes")).isEqualTo("error");
        assertThat(doc.message("config.routes")).contains(dir.resolve("routes/archive.camel.yaml").toString(),
                "nosuch://archive", "No endpoint could be found");
        assertThat(doc.hint("config.routes")).contains("extension directory");
    }

    @Test
    void aBeanThatNothingBindsIsAnErrorAndTheDaemonsOwnAreNot() throws Exception {
        String steps = "- process:\n            ref: conntrackdGeoip\n        - process:\n            ref: archiver\n"
                + "        - to: log:quiet";
        ValidateDocument doc = validate("--routes", routes("archive.camel.yaml", COLLECTOR.replace("- to: log:quiet",
                steps)).toString());

        assertThat(exitCode).as(doc.toString()).isEqualTo(1);
        assertThat(doc.status("config.routes")).isEqualTo("error");
        assertThat(doc.message("config.routes")).contains(dir.resolve("routes/archive.camel.yaml").toString(),
                "refers to bean archiver, which nothing binds").doesNotContain("conntrackdGeoip");
        assertThat(doc.hint("config.routes")).contains("camel.beans.archiver");
    }

    @Test
    void aBeanDefinedInARouteFileIsFound() throws Exception {
        String beans = """
                - beans:
                    - name: archiver
                      type: org.apache.camel.support.processor.CamelLogProcessor
                """;
        String steps = "- process:\n            ref: archiver";
        ValidateDocument doc = validate("--routes", routes("archive.camel.yaml", beans + COLLECTOR.replace(
                "- to: log:quiet", steps)).toString(), "--sink.stream.enable");

        assertThat(exitCode).as(doc.toString()).isZero();
        assertThat(doc.status("config.routes")).isEqualTo("ok");
    }

    @Test
    void badYamlIsAnErrorNamingTheFileAndLine() throws Exception {
        ValidateDocument doc = validate("--routes", routes("broken.camel.yaml", COLLECTOR.replace("- to:", "- tooo:"))
                .toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(doc.message("config.routes"))
                .contains("Unknown node id: tooo", dir.resolve("routes/broken.camel.yaml").toString(), "line 6")
                .doesNotContain("\n", "^");
    }

    @Test
    void geoIpDatabasesOpenWithTheirBuildDateAndABrokenOneIsNamed() throws Exception {
        byte[] city = Files.readAllBytes(TestDatabases.city());
        Path broken = Files.write(dir.resolve("broken.mmdb"), Arrays.copyOf(city, city.length / 2));

        ValidateDocument doc = validate("--routes", routes("collector.camel.yaml", COLLECTOR).toString(),
                "--geoip.database", TestDatabases.city().toString(), "--geoip.asn-database", broken.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(doc.status("geoip.city")).isEqualTo("ok");
        assertThat(doc.message("geoip.city")).contains("GeoLite2-City, built ");
        assertThat(doc.status("geoip.asn")).isEqualTo("error");
        assertThat(doc.message("geoip.asn")).contains("geoip.asn-database = \"" + broken + "\" (from flag",
                "is not a valid MaxMind database");
    }

    @Test
    void lokiUpPassesAndLokiRefusingOrNotReadyFails() throws Exception {
        Path collector = routes("collector.camel.yaml", COLLECTOR);
        try (LokiServer loki = LokiServer.start()) {
            ValidateDocument up = validate("--routes", collector.toString(), "--sink.loki.enable",
                    "--sink.loki.address", loki.address());
            assertThat(up.status("sink.loki")).as(up.toString()).isEqualTo("ok");
            assertThat(loki.requests()).as("no event pushed").isEmpty();

            loki.ready(false);
            ValidateDocument notReady = validate("--routes", collector.toString(), "--sink.loki.enable",
                    "--sink.loki.address", loki.address());
            assertThat(notReady.message("sink.loki")).contains("answered HTTP 503");

            loki.down();
            ValidateDocument refused = validate("--routes", collector.toString(), "--sink.loki.enable",
                    "--sink.loki.address", loki.address());
            assertThat(exitCode).isEqualTo(1);
            assertThat(refused.status("sink.loki")).isEqualTo("error");
            assertThat(refused.message("sink.loki")).contains(loki.address(), "ConnectException");
        }
    }

    @Test
    void aDiskBufferedSinkThatIsDownIsAWarningAndItsDirectoryIsCheckedNotCreated() throws Exception {
        Path buffers = dir.resolve("buffers");
        try (LokiServer loki = LokiServer.start()) {
            loki.down();
            ValidateDocument doc = validate("--routes", routes("collector.camel.yaml", COLLECTOR).toString(),
                    "--sink.loki.enable", "--sink.loki.address", loki.address(), "--sink.loki.buffer", "disk",
                    "--buffer.dir", buffers.toString());

            assertThat(exitCode).as(doc.toString()).isZero();
            assertThat(doc.status("sink.loki")).isEqualTo("warning");
            assertThat(doc.message("sink.loki")).contains("wait in its disk buffer");
            assertThat(doc.message("sink.loki.buffer"))
                    .contains(buffers.resolve("loki") + " does not exist yet; run creates it in " + dir);
            assertThat(buffers).doesNotExist();
        }
    }

    @Test
    void aBadValueOrFilterRuleIsACheckThatFails() throws Exception {
        ValidateDocument badValue = validate("--sink.stream.writer", "printer");
        assertThat(exitCode).isEqualTo(1);
        assertThat(badValue.message("config"))
                .contains("invalid value \"printer\" for sink.stream.writer in flag --sink.stream.writer");

        ValidateDocument badRule = validate("--routes", routes("collector.camel.yaml", COLLECTOR).toString(),
                "--filter", "drop destination.prot == 'TCP'");
        assertThat(exitCode).isEqualTo(1);
        assertThat(badRule.message("config.filter")).contains("invalid filter rule 1");
    }

    @Test
    void anUnknownKeyInTheFileIsAWarningNamingItAndTheClosestKnownKey() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/conntrackd.yaml"), "sink:\n  stream:\n    enable: true\n    writter: stderr\n");

        ValidateDocument doc = validate("--routes", routes("collector.camel.yaml", COLLECTOR).toString());

        assertThat(exitCode).as(doc.toString()).isZero();
        assertThat(doc.status("config")).isEqualTo("ok");
        assertThat(doc.status("config.key")).isEqualTo("warning");
        assertThat(doc.message("config.key")).contains("sink.stream.writter", "sink.stream.writer");
        assertThat(doc.hint("config.key")).contains("remove the key or correct its name");
    }

    @Test
    void theTextOutputIsOneLinePerCheckAndACount() throws Exception {
        int code = run("validate", "--routes", routes("collector.camel.yaml", COLLECTOR).toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).containsPattern("(?m)^ok +config\\.routes +route quiet ")
                .containsPattern("(?m)^warning +sinks +no sink enabled, writing events to stdout; hint: enable sinks"
                        + " with --sink.NAME.enable")
                .containsPattern("(?m)^ok +sink\\.stream +conntrack-stream:stdout: ")
                .endsWith("7 checks: 6 ok, 1 warning, 0 errors\n");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("validate", "--sink.stram.enable")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--sink.stram.enable'");
        assertThat(run("validate", "--output", "xml")).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid value \"xml\" for --output");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpShowsTheRunFlagsTheOutputAndTheExitCodes() {
        assertThat(run("validate", "--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s*\\R\\s+", " ");
        assertThat(help).contains("Usage: conntrackd validate", "--output=text|json", "--sink.loki.enable",
                "Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 usage error");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("validate");
    }
}
