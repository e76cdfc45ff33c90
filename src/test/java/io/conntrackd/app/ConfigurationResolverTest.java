package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigurationResolverTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Configuration resolve(String... args) throws ConfigurationException {
        CommandLineParser.Parsed parsed = new CommandLineParser().parse(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("run"), java.util.Arrays.stream(args))
                        .toArray(String[]::new));
        return new ConfigurationResolver(env, dir).resolve(parsed.flags());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void defaultsAreTheDeclaredOnes() throws Exception {
        Configuration c = resolve();
        assertThat(c.string(Settings.byKey("sink.stream.writer"))).isEqualTo("stdout");
        assertThat(c.string(Settings.byKey("sink.syslog.address"))).isEqualTo("udp://localhost:514");
        assertThat(c.string(Settings.byKey("sink.loki.address"))).isEqualTo("http://localhost:3100");
        assertThat(c.string(Settings.PROFILER_ADDRESS)).isEqualTo("http://localhost:4040");
        assertThat(c.string(Settings.LOG_LEVEL)).isEqualTo("info");
        assertThat(c.bool(Settings.SINK_STREAM_ENABLE)).isFalse();
        assertThat(c.list(Settings.FILTER)).isEmpty();
        assertThat(c.origin(Settings.byKey("sink.stream.writer"))).isEqualTo("default");
    }

    @Test
    void applicationPropertiesRepeatsNoDefault() throws Exception {
        var camelProperties = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            camelProperties.load(in);
        }
        assertThat(camelProperties.stringPropertyNames()).isNotEmpty().allMatch(k -> k.startsWith("camel."));
    }

    @Test
    void fileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEnvironment() throws Exception {
        file("conntrackd.yaml", """
                log:
                  level: warn
                sink:
                  stream:
                    enable: true
                    writer: stderr
                  syslog:
                    address: tcp://10.0.0.1:514
                """);
        env.put("CONNTRACKD_SINK_STREAM_WRITER", "discard");
        env.put("CONNTRACKD_SINK_SYSLOG_ADDRESS", "tcp://10.0.0.2:514");
        Configuration c = resolve("--sink.syslog.address=tcp://10.0.0.3:514");
        assertThat(c.string(Settings.LOG_LEVEL)).isEqualTo("warn");
        assertThat(c.origin(Settings.LOG_LEVEL)).contains("conntrackd.yaml").contains("key log.level");
        assertThat(c.bool(Settings.SINK_STREAM_ENABLE)).isTrue();
        assertThat(c.string(Settings.byKey("sink.stream.writer"))).isEqualTo("discard");
        assertThat(c.origin(Settings.byKey("sink.stream.writer"))).isEqualTo("environment variable CONNTRACKD_SINK_STREAM_WRITER");
        assertThat(c.string(Settings.byKey("sink.syslog.address"))).isEqualTo("tcp://10.0.0.3:514");
        assertThat(c.origin(Settings.byKey("sink.syslog.address"))).isEqualTo("flag --sink.syslog.address");
    }

    @Test
    void readsTheOriginalSampleConfigInEachFormat() throws Exception {
        String yaml = """
                ---
                log:
                  level: info
                geoip:
                  database: "/var/lib/GeoIP/GeoLite2-City.mmdb"
                filter:
                  - 'drop destination.address == "8.8.8.8"'
                  - 'log protocol == "TCP" && is_network(destination.address, "PUBLIC")'
                  - "drop any"
                sink:
                  journal:
                    enable: false
                  loki:
                    enable: false
                    address: "http://localhost:3100"
                    labels:
                      - "env=production"
                      - "host=myhost"
                  stream:
                    enable: true
                    writer: "stdout"
                """;
        String json = """
                {"log": {"level": "info"}, "geoip": {"database": "/var/lib/GeoIP/GeoLite2-City.mmdb"},
                 "filter": ["drop destination.address == \\"8.8.8.8\\"",
                            "log protocol == \\"TCP\\" && is_network(destination.address, \\"PUBLIC\\")", "drop any"],
                 "sink": {"journal": {"enable": false},
                          "loki": {"enable": false, "address": "http://localhost:3100",
                                   "labels": ["env=production", "host=myhost"]},
                          "stream": {"enable": true, "writer": "stdout"}}}
                """;
        String toml = """
                filter = ['drop destination.address == "8.8.8.8"',
                          'log protocol == "TCP" && is_network(destination.address, "PUBLIC")', "drop any"]
                [log]
                level = "info"
                [geoip]
                database = "/var/lib/GeoIP/GeoLite2-City.mmdb"
                [sink.journal]
                enable = false
                [sink.loki]
                enable = false
                address = "http://localhost:3100"
                labels = ["env=production", "host=myhost"]
                [sink.stream]
                enable = true
                writer = "stdout"
                """;
        for (Path f : List.of(file("a.yaml", yaml), file("a.json", json), file("a.toml", toml))) {
            Configuration c = resolve("--config", f.toString());
            assertThat(c.list(Settings.FILTER)).as(f.toString()).containsExactly(
                    "drop destination.address == \"8.8.8.8\"",
                    "log protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")", "drop any");
            assertThat(c.list(Settings.byKey("sink.loki.labels"))).as(f.toString()).containsExactly("env=production", "host=myhost");
            assertThat(c.string(Settings.GEOIP_DATABASE)).isEqualTo("/var/lib/GeoIP/GeoLite2-City.mmdb");
            assertThat(c.bool(Settings.SINK_STREAM_ENABLE)).isTrue();
        }
    }

    /** viper's order of extensions (json, toml, yaml, yml), as the original searched /etc/conntrackd. */
    @Test
    void findsTheFirstDefaultFileInVipersOrder() throws Exception {
        file("conntrackd.yml", "log: {level: debug}\n");
        assertThat(resolve().string(Settings.LOG_LEVEL)).isEqualTo("debug");
        file("conntrackd.yaml", "log: {level: info}\n");
        assertThat(resolve().string(Settings.LOG_LEVEL)).isEqualTo("info");
        file("conntrackd.toml", "[log]\nlevel = \"error\"\n");
        assertThat(resolve().string(Settings.LOG_LEVEL)).isEqualTo("error");
        file("conntrackd.json", "{\"log\": {\"level\": \"warn\"}}");
        Configuration c = resolve();
        assertThat(c.string(Settings.LOG_LEVEL)).isEqualTo("warn");
        assertThat(c.file()).contains(dir.resolve("conntrackd.json"));
    }

    /** viper lower-cases every key it reads, so the original took keys in any case. */
    @Test
    void keysAreReadInAnyCaseInEveryFormat() throws Exception {
        Path yaml = file("a.yaml", """
                Log: {Level: debug}
                SINK:
                  Loki: {Enable: true, Labels: [env=prod], Buffer: disk}
                  stream: {WRITER: stderr}
                Sink.Syslog.Address: tcp://10.0.0.1:514
                """);
        Path json = file("a.json", "{\"Log\": {\"Level\": \"debug\"}, \"Sink\": {\"Loki\": {\"Enable\": true,"
                + " \"Labels\": [\"env=prod\"], \"BUFFER\": \"disk\"}, \"Stream\": {\"Writer\": \"stderr\"}},"
                + " \"sink.SYSLOG.address\": \"tcp://10.0.0.1:514\"}");
        Path toml = file("a.toml", """
                "Sink.Syslog.Address" = "tcp://10.0.0.1:514"
                [Log]
                Level = "debug"
                [Sink.Loki]
                Enable = true
                Labels = ["env=prod"]
                Buffer = "disk"
                [sink.Stream]
                Writer = "stderr"
                """);
        for (Path f : List.of(yaml, json, toml)) {
            Configuration c = resolve("--config", f.toString());
            assertThat(c.string(Settings.LOG_LEVEL)).as(f.toString()).isEqualTo("debug");
            assertThat(c.origin(Settings.LOG_LEVEL)).as(f.toString()).endsWith("(key log.level)");
            assertThat(c.bool(Settings.SINK_LOKI_ENABLE)).as(f.toString()).isTrue();
            assertThat(c.list(Settings.byKey("sink.loki.labels"))).as(f.toString()).containsExactly("env=prod");
            assertThat(c.string(Settings.byKey("sink.loki.buffer"))).as(f.toString()).isEqualTo("disk");
            assertThat(c.string(Settings.byKey("sink.stream.writer"))).as(f.toString()).isEqualTo("stderr");
            assertThat(c.string(Settings.byKey("sink.syslog.address"))).as(f.toString())
                    .isEqualTo("tcp://10.0.0.1:514");
            assertThat(c.warnings()).as(f.toString()).isEmpty();
        }
    }

    @Test
    void aBadValueUnderAKeyInAnotherCaseIsStillAnError() throws Exception {
        Path f = file("c.yaml", "Log:\n  Level: verbose\n");
        assertThatThrownBy(() -> resolve("--config", f.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid value \"verbose\" for log.level in configuration file " + f
                        + " (key log.level): expected one of debug, info, warn, error");
    }

    @Test
    void listsComeFromEverySource() throws Exception {
        env.put("CONNTRACKD_FILTER", "drop destination.port == 22\nlog any");
        env.put("CONNTRACKD_SINK_LOKI_LABELS", "env=prod,team=net");
        Configuration c = resolve();
        assertThat(c.list(Settings.FILTER)).containsExactly("drop destination.port == 22", "log any");
        assertThat(c.list(Settings.byKey("sink.loki.labels"))).containsExactly("env=prod", "team=net");
        c = resolve("--filter", "drop in_range(destination.port, 1, 1023)", "--filter", "log any",
                "--sink.loki.labels", "a=1,b=2", "--sink.loki.labels", "c=3");
        assertThat(c.list(Settings.FILTER)).containsExactly("drop in_range(destination.port, 1, 1023)", "log any");
        assertThat(c.list(Settings.byKey("sink.loki.labels"))).containsExactly("a=1", "b=2", "c=3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "TRUE", "true", "True"})
    void booleansAcceptWhatGoAccepts(String value) throws Exception {
        env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", value);
        assertThat(resolve().bool(Settings.SINK_EXIT_ON_WARNING)).isTrue();
    }

    @Test
    void aBareBooleanFlagMeansTrueAndTakesAnExplicitValue() throws Exception {
        assertThat(resolve("--sink.stream.enable").bool(Settings.SINK_STREAM_ENABLE)).isTrue();
        env.put("CONNTRACKD_SINK_STREAM_ENABLE", "true");
        assertThat(resolve("--sink.stream.enable=false").bool(Settings.SINK_STREAM_ENABLE)).isFalse();
    }

    /** The original ignores unknown keys; a typo must still show, so it is a warning with a hint. */
    @Test
    void anUnknownKeyIsAWarningNamingItAndTheClosestKnownKey() throws Exception {
        Path f = file("c.yaml", "sink:\n  stram:\n    enable: true\n  Stream: {Writr: stderr}\nlog: {level: warn}\n");
        Configuration c = resolve("--config", f.toString());
        assertThat(c.warnings()).containsExactly(
                "configuration file " + f + ": unknown key \"sink.stram.enable\" ignored; did you mean"
                        + " \"sink.stream.enable\"?",
                "configuration file " + f + ": unknown key \"sink.stream.writr\" ignored; did you mean"
                        + " \"sink.stream.writer\"?");
        assertThat(c.bool(Settings.SINK_STREAM_ENABLE)).isFalse();
        assertThat(c.string(Settings.byKey("sink.stream.writer"))).isEqualTo("stdout");
        assertThat(c.string(Settings.LOG_LEVEL)).as("the known keys still apply").isEqualTo("warn");
    }

    @Test
    void aWrongValueNamesItsSource() throws Exception {
        Path f = file("c.yaml", "sink:\n  stream:\n    writer: printer\n");
        assertThatThrownBy(() -> resolve("--config", f.toString()))
                .hasMessage("invalid value \"printer\" for sink.stream.writer in configuration file " + f
                        + " (key sink.stream.writer): expected one of stdout, stderr, discard");
        env.put("CONNTRACKD_LOG_LEVEL", "verbose");
        assertThatThrownBy(this::resolve)
                .hasMessage("invalid value \"verbose\" for log.level in environment variable CONNTRACKD_LOG_LEVEL:"
                        + " expected one of debug, info, warn, error");
        env.clear();
        assertThatThrownBy(() -> resolve("--sink.journal.enable=maybe"))
                .hasMessage("invalid value \"maybe\" for sink.journal.enable in flag --sink.journal.enable:"
                        + " expected true or false");
        assertThatThrownBy(() -> resolve("--netlink.receive-buffer=lots"))
                .hasMessageContaining("expected an integer");
    }

    /** Each bad value from each source stops startup naming the source and the value. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "sink.stream.enable | maybe   | true or false",
        "sink.syslog.enable | 2       | true or false",
        "log.level          | verbose | one of debug, info, warn, error",
        "sink.stream.writer | printer | one of stdout, stderr, discard",
        "events.batch-size  | many    | an integer"})
    void aBadValueIsReportedWithItsSourceInEverySource(String key, String value, String expected) throws Exception {
        Setting s = Settings.byKey(key);
        String suffix = ": expected " + expected;

        assertThatThrownBy(() -> resolve(s.flag() + "=" + value))
                .hasMessage("invalid value \"" + value + "\" for " + key + " in flag " + s.flag() + suffix);

        env.put(s.environmentVariable(), value);
        assertThatThrownBy(this::resolve).hasMessage("invalid value \"" + value + "\" for " + key
                + " in environment variable " + s.environmentVariable() + suffix);
        env.clear();

        for (String format : List.of("yaml", "json", "toml")) {
            Path f = file("bad." + format, nested(format, key.split("\\."), value));
            assertThatThrownBy(() -> resolve("--config", f.toString())).as(format)
                    .hasMessage("invalid value \"" + value + "\" for " + key + " in configuration file " + f
                            + " (key " + key + ")" + suffix);
        }
    }

    /** {@code a.b.c = value} as a file of the given format, the value as a string. */
    private static String nested(String format, String[] path, String value) {
        String leaf = path[path.length - 1];
        String parents = String.join(".", java.util.Arrays.copyOf(path, path.length - 1));
        return switch (format) {
            case "toml" -> (parents.isEmpty() ? "" : "[" + parents + "]\n") + leaf + " = \"" + value + "\"\n";
            case "json" -> {
                String json = "\"" + value + "\"";
                for (int i = path.length - 1; i >= 0; i--) {
                    json = "{\"" + path[i] + "\": " + json + "}";
                }
                yield json;
            }
            default -> {
                StringBuilder yaml = new StringBuilder();
                for (int i = 0; i < path.length - 1; i++) {
                    yaml.append("  ".repeat(i)).append(path[i]).append(":\n");
                }
                yield yaml.append("  ".repeat(path.length - 1)).append(leaf).append(": \"").append(value)
                        .append("\"\n").toString();
            }
        };
    }

    @Test
    void aNonBooleanYamlValueForAnEnableIsAnError() throws Exception {
        Path f = file("c.yaml", "sink:\n  journal:\n    enable: yes please\n");
        assertThatThrownBy(() -> resolve("--config", f.toString()))
                .hasMessage("invalid value \"yes please\" for sink.journal.enable in configuration file " + f
                        + " (key sink.journal.enable): expected true or false");
    }

    @Test
    void theConfigKeyInsideAFileIsIgnoredWithAWarning() throws Exception {
        Path f = file("c.yaml", "config: /etc/other.yaml\n");
        assertThat(resolve("--config", f.toString()).warnings()).containsExactly("configuration file " + f
                + ": key \"config\" ignored: name the file with --config or CONNTRACKD_CONFIG");
    }

    @Test
    void theConfigFileCanBeNamedByItsVariable() throws Exception {
        Path f = file("elsewhere.toml", "[log]\nlevel = \"warn\"\n");
        env.put("CONNTRACKD_CONFIG", f.toString());
        assertThat(resolve().string(Settings.LOG_LEVEL)).isEqualTo("warn");
        env.put("CONNTRACKD_CONFIG", dir.resolve("missing.yaml").toString());
        assertThatThrownBy(this::resolve).hasMessageContaining("missing.yaml does not exist");
    }

    @Test
    void aMissingOrBrokenFileIsAnError() throws Exception {
        assertThatThrownBy(() -> resolve("--config", dir.resolve("nope.yaml").toString()))
                .hasMessageContaining("nope.yaml does not exist");
        Path broken = file("b.yaml", "sink: [unclosed\n");
        assertThatThrownBy(() -> resolve("--config", broken.toString()))
                .hasMessageContaining("b.yaml is not valid").hasMessageContaining("line");
        Path ini = file("c.ini", "x=1");
        assertThatThrownBy(() -> resolve("--config", ini.toString())).hasMessageContaining("unknown format");
        Path listForScalar = file("d.yaml", "log:\n  level: [debug]\n");
        assertThatThrownBy(() -> resolve("--config", listForScalar.toString()))
                .hasMessageContaining("expected a single value");
    }

    @Test
    void everySettingIsACamelProperty() throws Exception {
        var p = resolve("--filter", "drop any", "--filter", "log any", "--sink.loki.labels", "a=1,b=2")
                .toCamelProperties();
        assertThat(p.getProperty("conntrackd.sink.stream.writer")).isEqualTo("stdout");
        assertThat(p.getProperty("conntrackd.filter")).isEqualTo("drop any\nlog any");
        assertThat(p.getProperty("conntrackd.sink.loki.labels")).isEqualTo("a=1,b=2");
        assertThat(p.stringPropertyNames()).hasSize(Settings.all().size());
    }
}
