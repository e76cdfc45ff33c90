package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Loki token and password reach Loki and nothing else: not the daemon's log (even at debug level),
 * not /metrics or /health, not {@code --help}. A world-readable token file is warned about at startup.
 */
class SecretsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "tok-3f9a7c1e5b";
    private static final String PASSWORD = "pw-8d2e6b4a0c";

    @TempDir
    Path dir;

    @Test
    void aTokenFromAWorldReadableFileIsUsedWarnedAboutAndNeverShown() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tokenFile = Files.writeString(dir.resolve("loki-token"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start();
             DaemonProcess daemon = DaemonProcess.start(ns, dir, "--log.level", "debug", "--sink.stream.enable",
                     "--sink.loki.enable", "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                     "--sink.loki.token-file", tokenFile.toString(),
                     "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
            ns.udpFlows("127.0.0.1", 2, true);
            loki.awaitEntries(2, WAIT);
            assertThat(loki.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));

            assertThat(daemon.stderr()).contains(tokenFile + " (sink.loki.token-file) holds a secret and every user"
                    + " of this host can read it (mode rw-r--r--)");
            assertNoSecretIn(daemon, ObserveClient.of(daemon), TOKEN);
        }
    }

    @Test
    void aPasswordFromTheEnvironmentIsUsedAndNeverShown() throws Exception {
        Map<String, String> env = Map.of("CONNTRACKD_SINK_LOKI_PASSWORD", PASSWORD);
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            List<String> command = DaemonProcess.command("run", "--netlink.netns", ns.path(), "--log.level", "debug",
                    "--sink.loki.enable", "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                    "--sink.loki.username", "ops", "--metrics.enable", "--metrics.address", "127.0.0.1:0");
            try (DaemonProcess daemon = DaemonProcess.startCommand(dir, command, env)) {
                ns.udpFlows("127.0.0.1", 1, false);
                loki.awaitEntries(1, WAIT);
                String basic = "Basic " + Base64.getEncoder().encodeToString(("ops:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(loki.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo(basic));
                assertNoSecretIn(daemon, ObserveClient.of(daemon), PASSWORD);
            }
        }
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"run", "--help"})) {
            Map<String, String> secrets = new HashMap<>(env);
            secrets.put("CONNTRACKD_SINK_LOKI_TOKEN", TOKEN);
            Command.Result r = DaemonProcess.runToExit(DaemonProcess.command(args), secrets);
            String help = r.output();
            assertThat(r.exitCode()).as(help).isZero();
            assertThat(help).as("conntrackd %s", String.join(" ", args)).contains("Usage: conntrackd")
                    .doesNotContain(PASSWORD, TOKEN);
            if (args.length == 2) {
                assertThat(help).contains("--sink.loki.token-file", "--sink.loki.password-file");
            }
        }
    }

    private static void assertNoSecretIn(DaemonProcess daemon, ObserveClient observe, String secret) throws Exception {
        String metrics = observe.get("/metrics").body();
        assertThat(metrics).contains("conntrackd_sink_delivered_total{sink=\"loki\"}").doesNotContain(secret);
        assertThat(observe.get("/health").body()).contains("sink:loki").doesNotContain(secret);
        assertThat(daemon.terminate(Duration.ofSeconds(10))).isZero();
        assertThat(daemon.stderr()).contains("DEBUG").doesNotContain(secret);
        assertThat(daemon.stdout()).doesNotContain(secret);
    }
}
