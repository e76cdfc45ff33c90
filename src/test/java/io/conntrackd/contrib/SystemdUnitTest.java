package io.conntrackd.contrib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.Command.Result;
import io.conntrackd.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * contrib/conntrackd.service: systemd accepts it, it keeps the hardening the daemon is designed for,
 * and it starts the JVM the way the launcher does. systemd-analyze works without systemd running;
 * where it is missing the checks that need it skip (and fail under CI, which installs it).
 */
class SystemdUnitTest {

    static final Path UNIT = Path.of("contrib/conntrackd.service");

    @TempDir
    Path dir;

    /** The unit as contrib/install.sh writes it for this machine's java (systemd checks that it exists). */
    private Path installedForm() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String unit = Files.readString(UNIT).replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " ");
        return Files.writeString(dir.resolve("conntrackd.service"), unit);
    }

    @Test
    void systemdAnalyzeVerifyAcceptsItWithoutAWord() throws Exception {
        String analyze = Prerequisites.requireCommand("systemd-analyze");
        Result r = run(analyze, "verify", installedForm().toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("warnings from systemd-analyze verify").isBlank();
    }

    @Test
    void systemdRatesItsExposureAtMostThree() throws Exception {
        String analyze = Prerequisites.requireCommand("systemd-analyze");
        // --threshold is in tenths: 30 means an overall exposure of 3.0 ("OK") or less
        Result r = run(analyze, "security", "--offline=true", "--threshold=30", installedForm().toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Overall exposure level for conntrackd.service");
    }

    @Test
    void runsUnprivilegedWithOnlyCapNetAdminAndCapNetBroadcastAndTheHardeningThatFitsAJvm() throws IOException {
        List<String> lines = Files.readAllLines(UNIT);
        assertThat(lines).contains("DynamicUser=yes", "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BROADCAST",
                "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BROADCAST", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "SystemCallArchitectures=native", "Restart=on-failure",
                "RestartPreventExitStatus=2", "RestrictAddressFamilies=AF_NETLINK AF_UNIX AF_INET AF_INET6");
        assertThat(lines).as("the default --buffer.dir, writable under ProtectSystem=strict and kept across runs")
                .contains("StateDirectory=conntrackd/buffer");
        assertThat(lines).as("the JVM compiles code at run time").noneMatch(l -> l.startsWith("MemoryDenyWriteExecute"));
        assertThat(lines).as("private devices and users would cut off /dev/log or the capability")
                .noneMatch(l -> l.startsWith("PrivateUsers") || l.startsWith("PrivateNetwork"));
    }

    @Test
    void startsTheJvmWithTheLaunchersOptions() throws IOException {
        Matcher launcher = Pattern.compile("(?m)^jvm_opts=\\(([^)]*)\\)").matcher(Files.readString(Path.of("conntrackd")));
        assertThat(launcher.find()).as("the launcher's JVM options").isTrue();
        assertThat(Files.readString(Path.of("conntrackd"))).contains("exec java \"${jvm_opts[@]}\" ${JAVA_OPTS:-} -jar");
        String execStart = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow();
        for (String option : launcher.group(1).trim().split("\\s+")) {
            assertThat(execStart).contains(" " + option + " ");
        }
        assertThat(execStart).contains(" $JAVA_OPTS -jar /usr/local/lib/conntrackd/conntrackd.jar run");
    }

    /** Runs a command for these tests (systemd-analyze, the install script), bounded in time. */
    static Result run(String... command) throws IOException {
        return Command.run(Duration.ofSeconds(60), List.of(command));
    }
}
