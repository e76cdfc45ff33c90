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

import io.conntrackd.sink.kafka.KafkaSinkComponent;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.Compression;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.SaslMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sink.kafka.*}: what reaches the component, and every bad value refused naming its setting. */
class KafkaSinkDefinitionTest {

    private static final String SECRET = "k4fk4-s3cret";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final KafkaSinkDefinition kafka = new KafkaSinkDefinition();

    private SinkDefinition.Prepared prepare(String... args) throws ConfigurationException {
        List<String> all = new ArrayList<>(List.of("run", "--sink.kafka.enable"));
        all.addAll(Arrays.asList(args));
        CommandLineParser.Parsed parsed = new CommandLineParser().parse(all.toArray(String[]::new));
        return kafka.prepare(new ConfigurationResolver(env, dir).resolve(parsed.flags()), env);
    }

    private static KafkaSinkConfiguration options(SinkDefinition.Prepared prepared) {
        return ((KafkaSinkComponent) prepared.component()).getConfiguration();
    }

    @Test
    void theDefaultsLoseNothingTheBrokersAcknowledged() throws Exception {
        SinkDefinition.Prepared sink = prepare();
        assertThat(sink.endpointUri()).isEqualTo("conntrack-kafka:conntrack");
        KafkaSinkConfiguration o = options(sink);
        assertThat(o.getBrokers()).isEqualTo("localhost:9092");
        assertThat(o.getAcks()).isEqualTo("all");
        assertThat(o.isIdempotence()).isTrue();
        assertThat(o.getCompression()).isEqualTo(Compression.LZ4);
        assertThat(o.getKey()).isEqualTo(RecordKey.FLOW);
        assertThat(o.getEventsPerRecord()).as("one record per event").isEqualTo(1);
        assertThat(List.of(o.getLinger(), o.getBufferBytes(), o.getMaxBlock(), o.getDeliveryTimeout(),
                o.getTimeout())).containsExactly(5L, 33554432L, 100L, 120000L, 10000L);
        assertThat(o.getBatchBytes()).isEqualTo(262144);
        assertThat(o.getClientId()).isEqualTo("conntrackd");
        assertThat(o.isTls()).isFalse();
        assertThat(o.getSaslMechanism()).isEqualTo(SaslMechanism.NONE);
    }

    @Test
    void everyValueReachesTheComponent() throws Exception {
        env.put(KafkaSinkDefinition.SASL_PASSWORD_VARIABLE, SECRET);
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read here");
        SinkDefinition.Prepared sink = prepare("--sink.kafka.topic", "flows.eu-1", "--sink.kafka.brokers",
                "k1.example.net:9093, [2001:db8::1]:9093", "--sink.kafka.compression", "zstd", "--sink.kafka.key",
                "source", "--sink.kafka.linger", "20", "--sink.kafka.tls.enable", "--sink.kafka.tls.ca-file",
                ca.toString(), "--sink.kafka.sasl.mechanism", "scram-sha-512", "--sink.kafka.sasl.username", "edge",
                "--sink.kafka.client-id", "edge-7", "--sink.kafka.hostname", "edge-7.example.net",
                "--sink.kafka.events-per-record", "100");
        assertThat(sink.endpointUri()).isEqualTo("conntrack-kafka:flows.eu-1");
        KafkaSinkConfiguration o = options(sink);
        assertThat(o.brokerList()).containsExactly("k1.example.net:9093", "[2001:db8::1]:9093");
        assertThat(o.getCompression()).isEqualTo(Compression.ZSTD);
        assertThat(o.getKey()).isEqualTo(RecordKey.SOURCE);
        assertThat(o.getLinger()).isEqualTo(20);
        assertThat(o.getCaFile()).isEqualTo(ca.toString());
        assertThat(o.getSaslMechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_512);
        assertThat(o.getSaslUsername()).isEqualTo("edge");
        assertThat(o.getClientId()).isEqualTo("edge-7");
        assertThat(o.getHostname()).isEqualTo("edge-7.example.net");
        assertThat(o.getEventsPerRecord()).isEqualTo(100);
    }

    @Test
    void eventsPerRecordFromTheFileOrTheVariableAndOnlyFrom1To1000() throws Exception {
        env.put("CONNTRACKD_SINK_KAFKA_EVENTS_PER_RECORD", "1000");
        assertThat(options(prepare()).getEventsPerRecord()).isEqualTo(1000);
        env.clear();
        Path config = Files.writeString(dir.resolve("conntrackd.yaml"), "sink:\n  kafka:\n    events-per-record: 50\n");
        assertThat(options(prepare("--config", config.toString())).getEventsPerRecord()).isEqualTo(50);

        assertThatThrownBy(() -> prepare("--sink.kafka.events-per-record", "0"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.kafka.events-per-record = \"0\" (from flag --sink.kafka.events-per-record): must be"
                        + " at least 1");
        assertThatThrownBy(() -> prepare("--sink.kafka.events-per-record", "1001"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.kafka.events-per-record = \"1001\" (from flag --sink.kafka.events-per-record): must"
                        + " be at most 1000 (a record of more events could exceed Kafka's largest request)");
    }

    @Test
    void conntrackdRunRefusesABadEventsPerRecordAsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ConntrackdMain(env, dir, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run("run",
                "--sink.kafka.enable", "--sink.kafka.events-per-record", "many");
        assertThat(code).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sink.kafka.events-per-record").contains("many");
    }

    @Test
    void theSaslPasswordComesFromAFileOrAVariableIntoTheComponentOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), SECRET + "\n");
        SinkDefinition.Prepared fromFile = prepare("--sink.kafka.sasl.mechanism", "plain", "--sink.kafka.sasl.username",
                "edge", "--sink.kafka.sasl.password-file", file.toString());
        assertThat(((KafkaSinkComponent) fromFile.component()).getSaslPassword()).isEqualTo(SECRET);
        assertThat(fromFile.endpointUri()).doesNotContain(SECRET);

        env.put(KafkaSinkDefinition.SASL_PASSWORD_VARIABLE, SECRET);
        SinkDefinition.Prepared fromVariable = prepare("--sink.kafka.sasl.mechanism", "plain",
                "--sink.kafka.sasl.username", "edge");
        assertThat(((KafkaSinkComponent) fromVariable.component()).getSaslPassword()).isEqualTo(SECRET);
    }

    @Test
    void aKeyStoreNeedsItsPasswordFromAFileOrAVariable() throws Exception {
        String store = "/etc/conntrackd/client.p12";
        assertThatThrownBy(() -> prepare("--sink.kafka.tls.enable", "--sink.kafka.tls.key-store", store))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.kafka.tls.key-store = \"" + store + "\" (from flag --sink.kafka.tls.key-store) needs"
                        + " its password (sink.kafka.tls.key-store-password-file or"
                        + " CONNTRACKD_SINK_KAFKA_TLS_KEY_STORE_PASSWORD)");

        Path file = Files.writeString(dir.resolve("key-store-password"), SECRET + "\n");
        SinkDefinition.Prepared fromFile = prepare("--sink.kafka.tls.enable", "--sink.kafka.tls.key-store", store,
                "--sink.kafka.tls.key-store-password-file", file.toString());
        assertThat(((KafkaSinkComponent) fromFile.component()).getKeyStorePassword()).isEqualTo(SECRET);
        assertThat(options(fromFile).getKeyStore()).isEqualTo(store);

        env.put(KafkaSinkDefinition.KEY_STORE_PASSWORD_VARIABLE, SECRET);
        SinkDefinition.Prepared fromVariable = prepare("--sink.kafka.tls.enable", "--sink.kafka.tls.key-store", store);
        assertThat(((KafkaSinkComponent) fromVariable.component()).getKeyStorePassword()).isEqualTo(SECRET);
        assertThat(fromVariable.endpointUri()).doesNotContain(SECRET);
    }

    @Test
    void aMalformedBrokerListNamesTheSettingAndTheEntry() {
        assertThatThrownBy(() -> prepare("--sink.kafka.brokers", "k1.example.net:9092,k2.example.net"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.kafka.brokers = \"k1.example.net:9092,k2.example.net\" (from flag"
                        + " --sink.kafka.brokers): \"k2.example.net\" is not host:port (comma-separated, [address]:port"
                        + " for IPv6)");
        assertThatThrownBy(() -> prepare("--sink.kafka.brokers", "k1:99999"))
                .hasMessageContaining("--sink.kafka.brokers").hasMessageContaining("\"k1:99999\" is not host:port");
    }

    @Test
    void anUnknownCompressionNamesTheSettingAndTheChoices() {
        assertThatThrownBy(() -> prepare("--sink.kafka.compression", "brotli"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--sink.kafka.compression").hasMessageContaining("brotli")
                .hasMessageContaining("none, gzip, snappy, lz4, zstd");
    }

    @Test
    void aMissingSecretFileNamesTheSettingAndNeverShowsASecret() {
        String missing = dir.resolve("no-such-file").toString();
        assertThatThrownBy(() -> prepare("--sink.kafka.sasl.mechanism", "scram-sha-512", "--sink.kafka.sasl.username",
                "edge", "--sink.kafka.sasl.password-file", missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cannot read sink.kafka.sasl.password-file = \"" + missing + "\" (from flag"
                        + " --sink.kafka.sasl.password-file)")
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void aMechanismNeedsAUserAndAPassword() {
        assertThatThrownBy(() -> prepare("--sink.kafka.sasl.mechanism", "plain"))
                .hasMessage("sink.kafka.sasl.mechanism = \"plain\" (from flag --sink.kafka.sasl.mechanism) needs"
                        + " sink.kafka.sasl.username");
        assertThatThrownBy(() -> prepare("--sink.kafka.sasl.mechanism", "plain", "--sink.kafka.sasl.username", "edge"))
                .hasMessageContaining("needs a SASL password (sink.kafka.sasl.password-file or"
                        + " CONNTRACKD_SINK_KAFKA_SASL_PASSWORD)");
    }

    @Test
    void tlsFilesNeedTlsAndIdempotenceNeedsAcksAll() {
        assertThatThrownBy(() -> prepare("--sink.kafka.tls.ca-file", "/etc/ssl/kafka-ca.pem"))
                .hasMessage("sink.kafka.tls.ca-file = \"/etc/ssl/kafka-ca.pem\" (from flag --sink.kafka.tls.ca-file)"
                        + " needs sink.kafka.tls.enable");
        assertThatThrownBy(() -> prepare("--sink.kafka.acks", "1"))
                .hasMessage("sink.kafka.acks = \"1\" (from flag --sink.kafka.acks): sink.kafka.idempotence needs"
                        + " acks=all");
        assertThatThrownBy(() -> prepare("--sink.kafka.acks", "some"))
                .hasMessageContaining("must be all, 1 or 0");
    }
}
