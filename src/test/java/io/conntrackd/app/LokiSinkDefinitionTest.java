package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.sink.loki.LokiComponent;
import io.conntrackd.sink.loki.LokiConfiguration;
import io.conntrackd.sink.loki.LokiEndpoint;
import io.conntrackd.testing.LokiServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LokiSinkDefinitionTest {

    private static final String SECRET = "t0ps3cret";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final LokiSinkDefinition loki = new LokiSinkDefinition();

    private Configuration resolve(String... args) throws ConfigurationException {
        List<String> all = new ArrayList<>(List.of("run", "--sink.loki.enable"));
        all.addAll(Arrays.asList(args));
        CommandLineParser.Parsed parsed = new CommandLineParser().parse(all.toArray(String[]::new));
        return new ConfigurationResolver(env, dir).resolve(parsed.flags());
    }

    private String uri(String... args) throws ConfigurationException {
        return loki.prepare(resolve(args), env).endpointUri();
    }

    private Path secretFile(String content) throws Exception {
        return Files.writeString(dir.resolve("secret"), content);
    }

    /** The endpoint the daemon's route sends to, made by Camel with the prepared component. */
    private LokiEndpoint endpoint(DefaultCamelContext camel, String... args) throws ConfigurationException {
        SinkDefinition.Prepared sink = loki.prepare(resolve(args), env);
        camel.addComponent("conntrack-loki", sink.component());
        return camel.getEndpoint(sink.endpointUri(), LokiEndpoint.class);
    }

    @Test
    void theEndpointHasTheDefaults() throws Exception {
        assertThat(uri()).isEqualTo("conntrack-loki:http://localhost:3100");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            LokiConfiguration e = endpoint(camel).getConfiguration();
            assertThat(List.of(e.getBatchLines(), e.getBatchBytes(), e.getBatchWait(), e.getBufferBytes(),
                    e.getMaxRetries(), e.getMinBackoff(), e.getMaxBackoff(), e.getTimeout()))
                    .containsExactly(1000, 1048576L, 1000L, 16777216L, 10, 500L, 30000L, 10000L);
            assertThat(e.isGzip()).isFalse();
            assertThat(e.isStructuredMetadata()).isTrue();
            assertThat(e.getLabels()).isNull();
            assertThat(e.getQueueSize()).isEqualTo(100000);
        }
    }

    @Test
    void theBufferIsInMemoryUnlessDiskIsAskedForWithTheDaemonsBufferDirectory() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            LokiConfiguration e = endpoint(camel).getConfiguration();
            assertThat(e.isDiskBuffered()).isFalse();
            assertThat(e.getBufferDirectory()).isEqualTo("/var/lib/conntrackd/buffer");
            assertThat(e.getBufferMaxBytes()).isEqualTo(1073741824L);
            assertThat(e.getBufferSyncInterval()).isEqualTo(100L);
        }
        env.put("CONNTRACKD_BUFFER_DIR", "/srv/spool");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            LokiConfiguration e = endpoint(camel, "--sink.loki.buffer", "disk", "--sink.loki.buffer-max-bytes",
                    "2097152", "--sink.loki.buffer-sync-interval", "1000").getConfiguration();
            assertThat(e.isDiskBuffered()).isTrue();
            assertThat(e.getBufferDirectory()).isEqualTo("/srv/spool");
            assertThat(e.getBufferMaxBytes()).isEqualTo(2097152L);
            assertThat(e.getBufferSyncInterval()).isEqualTo(1000L);
        }
    }

    @Test
    void aDiskBufferSmallerThanOneMebibyteIsRefused() {
        assertThatThrownBy(() -> uri("--sink.loki.buffer-max-bytes", "1000"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.loki.buffer-max-bytes = \"1000\" (from flag --sink.loki.buffer-max-bytes): must be at"
                        + " least 1048576");
    }

    @Test
    void everyValueReachesTheEndpointIntact() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            LokiConfiguration e = endpoint(camel, "--sink.loki.address", "https://logs.example.net:8443/loki-gw/",
                    "--sink.loki.labels", "env=prod & test,team=a+b%c", "--sink.loki.labels", "zone=(eu)",
                    "--sink.loki.tenant", "tenant one", "--sink.loki.username", "al=ice&x",
                    "--sink.loki.batch-lines", "10", "--sink.loki.gzip", "--sink.loki.structured-metadata=false",
                    "--sink.loki.max-retries", "0", "--sink.loki.timeout", "300").getConfiguration();
            assertThat(e.getAddress()).isEqualTo("https://logs.example.net:8443/loki-gw/");
            assertThat(e.getLabels()).isEqualTo("env=prod & test,team=a+b%c,zone=(eu)");
            assertThat(e.getTenant()).isEqualTo("tenant one");
            assertThat(e.getUsername()).isEqualTo("al=ice&x");
            assertThat(e.getBatchLines()).isEqualTo(10);
            assertThat(e.isGzip()).isTrue();
            assertThat(e.isStructuredMetadata()).isFalse();
            assertThat(e.getMaxRetries()).isZero();
            assertThat(e.getTimeout()).isEqualTo(300);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:3100", "ftp://loki:21", "http://", "http://loki:3100/?x=1", "http://lo ki"})
    void refusesMalformedAddresses(String address) {
        assertThatThrownBy(() -> uri("--sink.loki.address", address)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sink.loki.address").hasMessageContaining("flag --sink.loki.address")
                .hasMessageContaining(address);
    }

    @Test
    void refusesCredentialsInTheAddressWithoutRepeatingThem() {
        assertThatThrownBy(() -> uri("--sink.loki.address", "http://bob:" + SECRET + "@loki:3100"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sink.loki.address")
                .hasMessageContaining("http://***@loki:3100").hasMessageNotContaining(SECRET);
    }

    @Test
    void refusesALabelWithoutEqualsNamingOptionAndValue() {
        assertThatThrownBy(() -> uri("--sink.loki.labels", "env=prod,oops"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sink.loki.labels = \"[env=prod, oops]\" (from flag --sink.loki.labels)")
                .hasMessageContaining("\"oops\" is not key=value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1env=x", "env-x=y", "__x=y", "type=x"})
    void refusesLabelNamesLokiRefuses(String label) {
        assertThatThrownBy(() -> uri("--sink.loki.labels", label)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sink.loki.labels").hasMessageContaining(label);
    }

    @Test
    void refusesMoreLabelsThanLokiAccepts() {
        StringBuilder labels = new StringBuilder("l0=v");
        for (int i = 1; i < 12; i++) {
            labels.append(",l").append(i).append("=v");
        }
        assertThatThrownBy(() -> uri("--sink.loki.labels", labels.toString()))
                .hasMessageContaining("sink.loki.labels").hasMessageContaining("too many labels: 16");
    }

    @Test
    void refusesNumbersOutOfRangeNamingOptionAndValue() {
        assertThatThrownBy(() -> uri("--sink.loki.batch-lines", "0"))
                .hasMessageContaining("sink.loki.batch-lines = \"0\" (from flag --sink.loki.batch-lines)");
        assertThatThrownBy(() -> uri("--sink.loki.buffer-bytes", "1000"))
                .hasMessageContaining("sink.loki.buffer-bytes = \"1000\"").hasMessageContaining("at least 1048576");
        assertThatThrownBy(() -> uri("--sink.loki.max-backoff", "100"))
                .hasMessageContaining("sink.loki.max-backoff = \"100\"");
    }

    @Test
    void readsTheTokenFromAFileIntoTheComponentOnly() throws Exception {
        Path file = secretFile(SECRET + "\n");
        Configuration config = resolve("--sink.loki.token-file", file.toString());

        LokiComponent component = (LokiComponent) loki.prepare(config, env).component();

        assertThat(component.getToken()).isEqualTo(SECRET);
        assertThat(loki.prepare(config, env).endpointUri()).doesNotContain(SECRET);
        assertThat(config.toCamelProperties().toString()).doesNotContain(SECRET);
    }

    @Test
    void readsTheTokenAndPasswordFromTheEnvironment() throws Exception {
        env.put("CONNTRACKD_SINK_LOKI_TOKEN", SECRET);
        assertThat(((LokiComponent) loki.prepare(resolve(), env).component()).getToken()).isEqualTo(SECRET);
        env.clear();
        env.put("CONNTRACKD_SINK_LOKI_PASSWORD", SECRET);
        Configuration config = resolve("--sink.loki.username", "alice");
        assertThat(((LokiComponent) loki.prepare(config, env).component()).getPassword()).isEqualTo(SECRET);
        assertThat(config.toCamelProperties().toString()).doesNotContain(SECRET);
    }

    @Test
    void refusesUnreadableOrEmptySecretFilesNamingOptionAndPath() throws Exception {
        String missing = dir.resolve("missing").toString();
        assertThatThrownBy(() -> loki.prepare(resolve("--sink.loki.token-file", missing), env).component())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sink.loki.token-file = \"" + missing + "\"").hasMessageContaining("NoSuchFile");
        Path empty = secretFile("\n");
        assertThatThrownBy(() -> loki.prepare(resolve("--sink.loki.username", "a", "--sink.loki.password-file",
                empty.toString()), env).component()).hasMessageContaining("sink.loki.password-file").hasMessageContaining("empty");
    }

    @Test
    void refusesConflictingCredentialsWithoutShowingThem() throws Exception {
        Path file = secretFile(SECRET);
        env.put("CONNTRACKD_SINK_LOKI_TOKEN", SECRET);
        assertThatThrownBy(() -> loki.prepare(resolve("--sink.loki.token-file", file.toString()), env).component())
                .hasMessageContaining("both set").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> loki.prepare(resolve("--sink.loki.username", "bob"), env).component())
                .hasMessageContaining("not both").hasMessageNotContaining(SECRET);
        env.clear();
        env.put("CONNTRACKD_SINK_LOKI_PASSWORD", SECRET);
        assertThatThrownBy(() -> loki.prepare(resolve(), env).component()).hasMessageContaining("needs sink.loki.username")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void helpNamesTheSecretSourcesButHasNoSecretSetting() throws Exception {
        String help = new CommandLineParser().parse("run", "--help").output();
        assertThat(help).contains("--sink.loki.token-file", "CONNTRACKD_SINK_LOKI_TOKEN");
        assertThat(Settings.all()).extracting(Setting::key).noneMatch(k -> k.endsWith(".token") || k.endsWith(".password"));
    }

    @Test
    void probesReadiness() throws Exception {
        try (LokiServer server = LokiServer.start()) {
            Configuration config = resolve("--sink.loki.address", server.address());
            loki.prepare(config, env).probe().check();

            server.ready(false);
            assertThatThrownBy(() -> loki.prepare(config, env).probe().check()).hasMessageContaining(server.address() + "/ready")
                    .hasMessageContaining("HTTP 503").hasMessageContaining("Ingester not ready");
            server.down();
            assertThatThrownBy(() -> loki.prepare(config, env).probe().check()).hasMessageContaining(server.address() + "/ready")
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void aLokiThatIsNotReadyIsSkippedOrStopsStartup() throws Exception {
        try (LokiServer server = LokiServer.start()) {
            server.ready(false);
            Configuration withStream = resolve("--sink.loki.address", server.address(), "--sink.stream.enable");
            assertThat(SinkPlans.select(withStream, env).endpointUris()).containsExactly("conntrack-stream:stdout");

            Configuration alone = resolve("--sink.loki.address", server.address());
            assertThatThrownBy(() -> SinkPlans.select(alone, env).endpointUris()).isInstanceOf(StartupException.class)
                    .hasMessageContaining("no sink could be started");

            env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "true");
            Configuration strict = resolve("--sink.loki.address", server.address(), "--sink.stream.enable");
            assertThatThrownBy(() -> SinkPlans.select(strict, env).endpointUris()).isInstanceOf(StartupException.class)
                    .hasMessageContaining("sink loki is not available").hasMessageContaining("HTTP 503")
                    .hasMessageContaining("CONNTRACKD_SINK_EXIT_ON_WARNING");

            server.ready(true);
            SinkPlan.Selected plan = SinkPlans.select(strict, env);
            assertThat(plan.endpointUris()).containsExactly("conntrack-stream:stdout",
                    "conntrack-loki:" + server.address());
            assertThat(plan.beans()).containsOnlyKeys("conntrack-stream", "conntrack-loki");
        }
    }

    @Test
    void conntrackdRunStopsOnAnUnreadableSecretOrAnUnreadyLokiWithExitOnWarning() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String missing = dir.resolve("missing-token").toString();

        int code = new ConntrackdMain(env, dir, out, errStream).run("run", "--sink.loki.enable",
                "--sink.loki.token-file", missing);
        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sink.loki.token-file = \"" + missing + "\"");

        try (LokiServer server = LokiServer.start()) {
            server.ready(false);
            env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "1");
            err.reset();
            code = new ConntrackdMain(env, dir, out, errStream).run("run", "--sink.loki.enable",
                    "--sink.loki.address", server.address());
            assertThat(code).isEqualTo(ConntrackdMain.EXIT_FAILURE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("sink loki is not available")
                    .contains("HTTP 503");
        }
    }
}
