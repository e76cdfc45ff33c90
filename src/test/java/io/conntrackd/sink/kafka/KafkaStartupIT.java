package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.KafkaBroker.Security;
import io.conntrackd.testing.LoopbackPorts;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon refuses bad Kafka settings with a message naming the setting and exit code 2, and
 * checks the destination at startup: brokers that do not answer, or a topic the brokers refuse to create,
 * stop it with exit code 1 under {@code sink.exit-on-warning}, and otherwise it warns and runs without the
 * Kafka sink. The same holds for brokers that require a client certificate when the sink has none, or one
 * it cannot open.
 */
class KafkaStartupIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Command.Result run(String... args) throws Exception {
        List<String> command = DaemonProcess.command(args);
        return DaemonProcess.runToExit(command);
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheSetting() throws Exception {
        Command.Result brokers = run("run", "--sink.kafka.enable", "--sink.kafka.brokers", "kafka-1:9092;kafka-2");
        assertThat(brokers.exitCode()).isEqualTo(2);
        assertThat(brokers.stderr()).contains("conntrackd: sink.kafka.brokers = \"kafka-1:9092;kafka-2\" (from flag"
                + " --sink.kafka.brokers): \"kafka-1:9092;kafka-2\" is not host:port");

        Command.Result compression = run("run", "--sink.kafka.enable", "--sink.kafka.compression", "brotli");
        assertThat(compression.exitCode()).isEqualTo(2);
        assertThat(compression.stderr()).contains("--sink.kafka.compression").contains("brotli")
                .contains("none, gzip, snappy, lz4, zstd");

        Path missing = dir.resolve("no-password");
        Command.Result secret = run("run", "--sink.kafka.enable", "--sink.kafka.sasl.mechanism", "scram-sha-512",
                "--sink.kafka.sasl.username", "edge", "--sink.kafka.sasl.password-file", missing.toString());
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.stderr()).contains("cannot read sink.kafka.sasl.password-file = \"" + missing + "\"");

        Command.Result keyStore = run("run", "--sink.kafka.enable", "--sink.kafka.tls.enable",
                "--sink.kafka.tls.key-store", "/etc/conntrackd/client.p12");
        assertThat(keyStore.exitCode()).isEqualTo(2);
        assertThat(keyStore.stderr()).contains("conntrackd: sink.kafka.tls.key-store = \"/etc/conntrackd/client.p12\""
                + " (from flag --sink.kafka.tls.key-store) needs its password (sink.kafka.tls.key-store-password-file"
                + " or CONNTRACKD_SINK_KAFKA_TLS_KEY_STORE_PASSWORD)");
    }

    @Test
    void brokersThatRequireAClientCertificateTheSinkLacksStopStartupOrAreSkipped() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startRequiringClientCertificates(
                Files.createDirectory(dir.resolve("broker")))) {
            List<String> tls = List.of("--sink.kafka.enable", "--sink.kafka.brokers", broker.bootstrapServers(),
                    "--sink.kafka.tls.enable", "--sink.kafka.tls.ca-file", broker.caFile().toString(),
                    "--sink.kafka.timeout", "5000", "--log.format", "text");
            String refused = "sink kafka is not available: the brokers " + broker.bootstrapServers() + " refused the"
                    + " TLS handshake of this client, which has no certificate (Failed to process post-handshake"
                    + " messages: Received fatal alert: ";
            String why = "): they require a client certificate from a CA they trust (sink.kafka.tls.key-store)";
            Command.Result r = run(args(List.of("run"), tls, List.of("--sink.exit-on-warning")));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains(refused).contains(why + " (exiting because"
                    + " CONNTRACKD_SINK_EXIT_ON_WARNING is set)");

            Path wrongPassword = Files.writeString(dir.resolve("key-store-password"), "not-the-password\n");
            Command.Result unopened = run(args(List.of("run"), tls, List.of("--sink.exit-on-warning",
                    "--sink.kafka.tls.key-store", broker.clientKeyStore().toString(),
                    "--sink.kafka.tls.key-store-password-file", wrongPassword.toString())));
            assertThat(unopened.exitCode()).isEqualTo(1);
            assertThat(unopened.stderr()).contains("sink kafka is not available: cannot set up the Kafka client: Failed"
                    + " to load SSL keystore " + broker.clientKeyStore() + " of type PKCS12: java.io.IOException:"
                    + " keystore password was incorrect (sink.kafka.tls.key-store)")
                    .doesNotContain("not-the-password");

            try (TestNamespace ns = TestNamespace.create();
                 DaemonProcess daemon = DaemonProcess.start(ns, dir, args(List.of("--sink.stream.enable"), tls))) {
                assertThat(daemon.stderr()).contains(refused).contains(why + "; running without it")
                        .contains("started; sinks: conntrack-stream:stdout\n");
                assertThat(daemon.terminate(WAIT)).isZero();
            }
        }
    }

    @SafeVarargs
    private static String[] args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all.toArray(String[]::new);
    }

    @Test
    void brokersThatDoNotAnswerStopStartupUnderExitOnWarning() throws Exception {
        int closed = LoopbackPorts.freeTcpPort();
        Command.Result r = run("run", "--sink.kafka.enable", "--sink.kafka.brokers", "127.0.0.1:" + closed,
                "--sink.kafka.timeout", "2000", "--sink.exit-on-warning");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("sink kafka is not available: no answer from the brokers 127.0.0.1:" + closed
                + " within 2000 ms (sink.kafka.brokers) (exiting because CONNTRACKD_SINK_EXIT_ON_WARNING is set)");
    }

    @Test
    void aTopicTheBrokersRefuseStopsStartupOrIsSkipped() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")), Security.PLAINTEXT,
                Map.of("auto.create.topics.enable", "false"))) {
            String refused = "the topic \"flows\" does not exist and the brokers do not create topics"
                    + " (auto.create.topics.enable=false): create it first (sink.kafka.topic)";
            Command.Result r = run("run", "--sink.kafka.enable", "--sink.kafka.brokers", broker.bootstrapServers(),
                    "--sink.kafka.topic", "flows", "--sink.exit-on-warning");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("sink kafka is not available: " + refused);

            // the warning quotes the topic, which a JSON log line would escape: read it as text
            try (TestNamespace ns = TestNamespace.create();
                 DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.kafka.enable",
                         "--sink.kafka.brokers", broker.bootstrapServers(), "--sink.kafka.topic", "flows",
                         "--log.format", "text")) {
                assertThat(daemon.stderr()).contains("sink kafka is not available: " + refused + "; running without it")
                        .contains("started; sinks: conntrack-stream:stdout");
                assertThat(daemon.terminate(WAIT)).isZero();
            }
        }
    }
}
