package io.conntrackd.contrib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.Command.Result;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * contrib/install.sh into a temporary DESTDIR, from a copy of the built tree (so that a test can
 * change what a "new version" ships): the files and modes it installs, the unit it writes, upgrades
 * that keep the operator's edits, and the installed daemon running as nobody with only the unit's
 * capabilities.
 */
class InstallScriptIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private Path source;
    private Path root;

    @BeforeEach
    void copyTheBuiltTree() throws IOException {
        source = dir.resolve("src");
        root = dir.resolve("root");
        for (String tree : List.of("contrib", "routes", "kamelets", "docs")) {
            copyTree(Path.of(tree), source.resolve(tree));
        }
        Files.copy(Path.of("conntrackd"), source.resolve("conntrackd"));
        Files.copy(Path.of("README.md"), source.resolve("README.md"));
        Path jar = DaemonProcess.jar();
        Files.createDirectories(source.resolve("target"));
        Files.createSymbolicLink(source.resolve("target").resolve(jar.getFileName()), jar.toAbsolutePath());
    }

    @AfterEach
    void removeTheLinkToTheJar() throws IOException {
        Files.deleteIfExists(source.resolve("target").resolve(DaemonProcess.jar().getFileName()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private Result install() throws Exception {
        Result r = SystemdUnitTest.run("env", "DESTDIR=" + root, "PREFIX=/usr", "JAVA=" + JAVA,
                "bash", source.resolve("contrib/install.sh").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    /** Every installed file (relative to DESTDIR) with its mode, e.g. {@code rw-r--r--}. */
    private Map<String, String> installedTree() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                tree.put(root.relativize(f).toString(),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }
        return tree;
    }

    @Test
    void installsJarLauncherUnitConfigAndRoutes() throws Exception {
        Result r = install();
        assertThat(r.output()).contains("systemctl daemon-reload && systemctl enable --now conntrackd");

        Map<String, String> expected = new TreeMap<>();
        String file = "rw-r--r--";
        expected.put("usr/bin/conntrackd", "rwxr-xr-x");
        expected.put("usr/lib/conntrackd/conntrackd.jar", file);
        expected.put("etc/systemd/system/conntrackd.service", file);
        for (String config : List.of("conntrackd.yaml", "application.properties", "routes/conntrackd.camel.yaml")) {
            expected.put("etc/conntrackd/" + config, file);
            expected.put("usr/share/conntrackd/" + config, file);
        }
        expected.put("usr/share/conntrackd/kamelets/conntrack-source.kamelet.yaml", file);
        expected.put("usr/share/doc/conntrackd/README.md", file);
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.forEach(d -> expected.put("usr/share/doc/conntrackd/" + d.getFileName(), file));
        }
        assertThat(installedTree()).isEqualTo(expected);

        assertThat(root.resolve("usr/lib/conntrackd/conntrackd.jar")).hasSameBinaryContentAs(DaemonProcess.jar());
        assertThat(root.resolve("etc/conntrackd/conntrackd.yaml")).hasSameTextualContentAs(
                Path.of("contrib/conntrackd.yaml"));
        assertThat(root.resolve("etc/conntrackd/routes/conntrackd.camel.yaml")).hasSameTextualContentAs(
                Path.of("routes/conntrackd.camel.yaml"));
        assertThat(Files.readString(root.resolve("etc/systemd/system/conntrackd.service"))).isEqualTo(
                Files.readString(SystemdUnitTest.UNIT)
                        .replace("ExecStart=/usr/bin/java ", "ExecStart=" + JAVA + " ")
                        .replace("/usr/local/lib/conntrackd/", "/usr/lib/conntrackd/"));
    }

    @Test
    void theInstalledUnitPassesSystemdAnalyzeVerify() throws Exception {
        String analyze = Prerequisites.requireCommand("systemd-analyze");
        install();
        Result r = SystemdUnitTest.run(analyze, "verify", root.resolve("etc/systemd/system/conntrackd.service")
                .toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).isBlank();
    }

    @Test
    void theInstalledLauncherRunsTheInstalledJar() throws Exception {
        install();
        Result r = runInstalledLauncher("version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("conntrackd 0.").contains("Apache Camel 4.18.0").doesNotContain("building");
    }

    /**
     * The launcher's start-up archive: recorded by a training run beside the installed jar, for the JVM that runs it;
     * a damaged one (an interrupted recording, another JVM's file) only costs a warning, a missing one is recorded
     * again.
     */
    @Test
    void theLauncherRecordsTheStartUpArchiveAndRunsWithoutAUsableOne() throws Exception {
        install();
        Path lib = root.resolve("usr/lib/conntrackd");
        assertThat(launcherVersion().exitCode()).isZero();
        Path archive;
        try (Stream<Path> files = Files.list(lib)) {
            archive = files.filter(f -> f.toString().matches(".*conntrackd\\.(jsa|aot)")).findFirst().orElseThrow();
        }
        assertThat(Files.size(archive)).as("the archive of the training run").isGreaterThan(10_000_000);
        assertThat(Path.of(archive + ".jvm")).content().startsWith(System.getProperty("java.home"));

        Files.writeString(archive, "not an archive");
        Result damaged = launcherVersion();
        assertThat(damaged.exitCode()).as(damaged.output()).isZero();
        assertThat(damaged.stdout()).startsWith("conntrackd 0.");

        Files.delete(archive);
        Result missing = launcherVersion();
        assertThat(missing.exitCode()).as(missing.output()).isZero();
        assertThat(missing.stdout()).startsWith("conntrackd 0.");
        assertThat(Files.size(archive)).as("recorded again").isGreaterThan(10_000_000);
    }

    private Result launcherVersion() throws Exception {
        return SystemdUnitTest.run("env", "PATH=" + Path.of(JAVA).getParent() + ":/usr/bin:/bin",
                root.resolve("usr/bin/conntrackd").toString(), "version");
    }

    @Test
    void theLauncherRecordsTheStartUpArchiveBesideTheJarAndRunsDespiteABrokenOne() throws Exception {
        install();
        Path lib = root.resolve("usr/lib/conntrackd");
        assertThat(runInstalledLauncher("version").exitCode()).isZero();
        // Java 17-24: the static class data archive; 25 and later: the ahead-of-time cache
        String name = Runtime.version().feature() >= 25 ? "conntrackd.aot" : "conntrackd.jsa";
        Path archive = lib.resolve(name);
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.readString(lib.resolve(name + ".jvm")))
                .startsWith(Path.of(System.getProperty("java.home")).toRealPath() + " ");

        // one that the launcher takes for current (newer than the jar, recorded by this JVM) but is no archive
        Files.delete(archive);
        Files.writeString(archive, "not an archive");
        Result r = runInstalledLauncher("version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("conntrackd 0.");
        assertThat(archive).hasContent("not an archive"); // used as it was, not recorded anew
    }

    private Result runInstalledLauncher(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "PATH=" + Path.of(JAVA).getParent() + ":/usr/bin:/bin",
                root.resolve("usr/bin/conntrackd").toString()));
        command.addAll(List.of(args));
        return SystemdUnitTest.run(command.toArray(String[]::new));
    }

    @Test
    void upgradesKeepWhatTheOperatorEditedAndUpdateTheRest() throws Exception {
        install();
        Path config = root.resolve("etc/conntrackd/conntrackd.yaml");
        Path route = root.resolve("etc/conntrackd/routes/conntrackd.camel.yaml");
        Files.writeString(config, "log:\n  level: debug\n");

        // a new version that ships a changed route, the same config
        Files.writeString(source.resolve("routes/conntrackd.camel.yaml"), "# new version\n",
                java.nio.file.StandardOpenOption.APPEND);
        Result second = install();
        assertThat(second.output()).contains("updated /etc/conntrackd/routes/conntrackd.camel.yaml")
                .doesNotContain("kept your");
        assertThat(route).hasSameTextualContentAs(source.resolve("routes/conntrackd.camel.yaml"));
        assertThat(config).hasContent("log:\n  level: debug");
        assertThat(root.resolve("etc/conntrackd/conntrackd.yaml.new")).doesNotExist();

        // the operator edits the route too, and the next version changes both
        Files.writeString(route, "# my route\n");
        Files.writeString(source.resolve("contrib/conntrackd.yaml"), "# newer sample\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(source.resolve("routes/conntrackd.camel.yaml"), "# newer version\n",
                java.nio.file.StandardOpenOption.APPEND);
        Result third = install();
        assertThat(third.output())
                .contains("kept your /etc/conntrackd/conntrackd.yaml; the new version is /etc/conntrackd/conntrackd.yaml.new")
                .contains("kept your /etc/conntrackd/routes/conntrackd.camel.yaml; the new version is"
                        + " /etc/conntrackd/routes/conntrackd.camel.yaml.new");
        assertThat(config).hasContent("log:\n  level: debug");
        assertThat(route).hasContent("# my route");
        assertThat(root.resolve("etc/conntrackd/routes/conntrackd.camel.yaml.new"))
                .hasSameTextualContentAs(source.resolve("routes/conntrackd.camel.yaml"));
    }

    @Test
    void aTreeWithoutABuiltJarIsRefused() throws Exception {
        Files.delete(source.resolve("target").resolve(DaemonProcess.jar().getFileName()));
        Result r = SystemdUnitTest.run("env", "DESTDIR=" + root, "bash", source.resolve("contrib/install.sh").toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("no built jar", "./mvnw -B package");
        assertThat(root).doesNotExist();
    }

    /**
     * The installed daemon as the unit runs it: unprivileged, CAP_NET_ADMIN and CAP_NET_BROADCAST only (no warning
     * about the other namespaces, which it hears), with the installed
     * configuration and the routes from the installed routes directory (the unit gets them from
     * /etc/conntrackd; here the directory is under DESTDIR, so its pattern is given with -D) plus
     * a route the operator added there, which logs UDP flows.
     */
    @Test
    void theInstalledDaemonRunsAsNobodyWithOnlyTheUnitsCapabilities() throws Exception {
        String setpriv = Prerequisites.requireCommand("setpriv");
        install();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path routes = root.resolve("etc/conntrackd/routes");
        Files.writeString(routes.resolve("operator.camel.yaml"), """
                - route:
                    from:
                      uri: conntrack:operator?eventTypes=NEW&protocols=UDP
                      steps:
                        - log:
                            message: "operator route: ${header.CamelConntrackProtocol} flow"
                            loggingLevel: WARN
                """);
        try (TestNamespace ns = TestNamespace.create()) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), setpriv,
                    "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all,+net_admin,+net_broadcast",
                    "--ambient-caps=-all,+net_admin,+net_broadcast", "--bounding-set=-all,+net_admin,+net_broadcast",
                    "env", "PATH=" + Path.of(JAVA).getParent() + ":/usr/bin:/bin",
                    "JAVA_OPTS=-Dcamel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml",
                    root.resolve("usr/bin/conntrackd").toString(), "run",
                    "--config", root.resolve("etc/conntrackd/conntrackd.yaml").toString()));
            try (DaemonProcess daemon = DaemonProcess.startCommand(dir, command)) {
                Flow flow = ns.tcpFlows("127.0.0.1", 1).get(0);
                ns.udpFlows("127.0.0.1", 1, true);
                daemon.awaitStderr(s -> s.contains("operator route: UDP flow"), Duration.ofSeconds(15));
                daemon.awaitJsonLines("the NEW line of " + flow,
                        l -> l.stream().anyMatch(line -> isNewEventOf(flow, line)), Duration.ofSeconds(15));
                assertThat(daemon.stderr()).contains("no sink enabled, writing events to stdout")
                        .doesNotContain("CAP_NET_BROADCAST");
                assertThat(daemon.terminate(Duration.ofSeconds(5))).isZero();
            }
        }
    }

    private static boolean isNewEventOf(Flow flow, JsonNode line) {
        return line.path("type").asText().equals("NEW") && line.path("src_port").asInt() == flow.sourcePort();
    }
}
