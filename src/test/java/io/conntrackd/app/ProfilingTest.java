package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.pyroscope.javaagent.api.Logger.Level;
import io.pyroscope.javaagent.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

/** {@code --profiler.*} without a Pyroscope server: address checks, agent settings, its log. */
class ProfilingTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Configuration resolve(String... args) throws ConfigurationException {
        return RunConfiguration.of(env, dir, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:4040", "https://profiles.example.org", "http://10.0.0.1:4040/pyroscope",
        "HTTP://[::1]:4040", "https://user:secret@profiles.example.org:443"})
    void acceptsHttpUrlsWithAHost(String address) throws Exception {
        assertThat(Profiling.serverAddress(resolve("--profiler.address", address))).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:4040", "localhost", "ftp://localhost:4040", "http://", "http:///path",
        "http://local host:4040", "http://localhost:4040/#top", " "})
    void aMalformedAddressIsAConfigurationErrorNamingTheFlagAndValue(String address) {
        assertThatThrownBy(() -> Profiling.serverAddress(resolve("--profiler.address", address)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid value \"" + address.trim() + "\" for profiler.address in flag --profiler.address:"
                        + " expected an http:// or https:// URL of a Pyroscope server, such as http://localhost:4040");
    }

    @Test
    void theErrorNamesTheVariableOrTheFileKey() throws Exception {
        env.put("CONNTRACKD_PROFILER_ADDRESS", "pyroscope:4040");
        assertThatThrownBy(() -> Profiling.serverAddress(resolve()))
                .hasMessageContaining("\"pyroscope:4040\" for profiler.address in environment variable"
                        + " CONNTRACKD_PROFILER_ADDRESS");
        env.clear();
        Path file = Files.writeString(dir.resolve("conntrackd.yaml"), "profiler:\n  address: pyroscope:4040\n");
        assertThatThrownBy(() -> Profiling.serverAddress(resolve()))
                .hasMessageContaining("for profiler.address in configuration file " + file + " (key profiler.address)");
    }

    @Test
    void conntrackdRunExitsWithTwoOnAMalformedAddress() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ConntrackdMain(Map.of(), dir, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("run", "--profiler.enable", "--profiler.address", "localhost:4040");
        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("conntrackd: invalid value \"localhost:4040\" for profiler.address in flag --profiler.address");
    }

    @Test
    void nothingStartsAndNothingIsCheckedWhenDisabled() throws Exception {
        assertThat(Profiling.start(resolve("--profiler.address", "not a url"), env)).isFalse();
    }

    @Test
    void theAgentGetsOurNameAndAddressAndItsOwnVariables() throws Exception {
        env.put("PYROSCOPE_APPLICATION_NAME", "someone-else");
        env.put("PYROSCOPE_SERVER_ADDRESS", "http://elsewhere:4040");
        env.put("PYROSCOPE_UPLOAD_INTERVAL", "3s");
        env.put("PYROSCOPE_LABELS", "host=a,zone=b");
        Config c = Profiling.agentConfig("http://127.0.0.1:4041", env);
        assertThat(c.applicationName).isEqualTo("conntrackd");
        assertThat(c.serverAddress).isEqualTo("http://127.0.0.1:4041");
        assertThat(c.uploadInterval).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.labels).containsEntry("host", "a").containsEntry("zone", "b");
    }

    @Test
    void agentProblemsBecomeRateLimitedWarningsAndItsChatterDebug() {
        BlockingQueue<SubstituteLoggingEvent> events = new ArrayBlockingQueue<>(10);
        PyroscopeLog log = new PyroscopeLog(new EventRecordingLogger(new SubstituteLogger("p", events, false), events));
        log.log(Level.ERROR, "Error uploading snapshot: %s", "java.net.ConnectException: Connection refused");
        log.log(Level.ERROR, "Error uploading snapshot: %s", "again");
        log.log(Level.WARN, "Backing off for %s ms", 1000);
        log.log(Level.INFO, "Profiling started");
        assertThat(events).extracting(e -> e.getLevel().name()).containsExactly("WARN", "DEBUG");
        SubstituteLoggingEvent warning = events.poll();
        assertThat(warning.getMessage()).startsWith("profiler: {} problem(s) with the Pyroscope agent");
        assertThat(warning.getArgumentArray())
                .containsExactly(1L, "Error uploading snapshot: java.net.ConnectException: Connection refused");
        assertThat(events.poll().getArgumentArray()).containsExactly("Profiling started");
    }
}
