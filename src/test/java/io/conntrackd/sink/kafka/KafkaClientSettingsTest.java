package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Properties;

import io.conntrackd.sink.kafka.KafkaSinkConfiguration.SaslMechanism;
import io.conntrackd.testing.TestCertificates;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.security.ssl.SslFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our options as the producer's properties, through camel-kafka's KafkaConfiguration. */
class KafkaClientSettingsTest {

    private static final String SECRET = "s3cr\"et";
    private static final KafkaClientFactory FACTORY = new DefaultKafkaClientFactory();

    @TempDir
    Path dir;

    @Test
    void withTheDiskBufferARecordWaitsForKafkaWithoutLimit() {
        KafkaSinkConfiguration o = new KafkaSinkConfiguration();
        o.setBuffer(io.conntrackd.sink.BufferedSinkConfiguration.Buffer.DISK);
        Properties p = new KafkaClientSettings(o, null, null, null).producerProperties(FACTORY);
        assertThat(p).containsEntry("delivery.timeout.ms", 2147483647).containsEntry("request.timeout.ms", 30000);
    }

    @Test
    void theDefaultsAreAcknowledgedIdempotentBoundedAndLz4() {
        Properties p = new KafkaClientSettings(new KafkaSinkConfiguration(), null, null, null).producerProperties(FACTORY);
        assertThat(p).containsEntry("bootstrap.servers", "localhost:9092").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true).containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 5).containsEntry("batch.size", 262144)
                .containsEntry("buffer.memory", 33554432).containsEntry("max.block.ms", 100)
                .containsEntry("delivery.timeout.ms", 120000).containsEntry("request.timeout.ms", 30000)
                .containsEntry("client.id", "conntrackd").containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer")
                .containsEntry("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void tlsWithACaFileAndAScramLoginMakeSaslSsl() {
        KafkaSinkConfiguration o = new KafkaSinkConfiguration();
        o.setTls(true);
        o.setCaFile("/etc/conntrackd/kafka-ca.pem");
        o.setSaslMechanism(SaslMechanism.SCRAM_SHA_512);
        o.setSaslUsername("edge");
        KafkaClientSettings settings = new KafkaClientSettings(o, SECRET, null, null);
        Properties p = settings.producerProperties(FACTORY);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/conntrackd/kafka-ca.pem")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"edge\" password=\"s3cr\\\"et\";");
        assertThat(settings.toString()).doesNotContain("s3cr");
        assertThat(settings.adminProperties(FACTORY)).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "conntrackd-check").doesNotContainKey("acks")
                .containsKey("sasl.jaas.config");
    }

    @Test
    void storesGetTheirPasswordsAndTypes() {
        KafkaSinkConfiguration o = new KafkaSinkConfiguration();
        o.setTls(true);
        o.setTrustStore("/etc/conntrackd/trust.jks");
        o.setKeyStore("/etc/conntrackd/client.p12");
        Properties p = new KafkaClientSettings(o, null, "trust-pw", "key-pw").producerProperties(FACTORY);
        assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.truststore.location", "/etc/conntrackd/trust.jks")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.location", "/etc/conntrackd/client.p12");
        assertThat(p).containsEntry("ssl.truststore.password", "trust-pw").containsEntry("ssl.keystore.password",
                "key-pw").containsEntry("ssl.key.password", "key-pw");
    }

    /**
     * A key store as openssl makes one (PKCS12, the key under the store's password) opens with what the
     * settings give kafka-clients: the client's TLS set-up (as the startup check's admin client makes it, before
     * it connects anywhere) finds the client certificate and its key.
     */
    @Test
    void kafkaClientsOpenAnOpensslPkcs12KeyStoreWithItsOnePassword() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        KafkaSinkConfiguration o = new KafkaSinkConfiguration();
        o.setTls(true);
        o.setCaFile(certificates.caFile().toString());
        o.setKeyStore(certificates.clientKeyStore("store-pw").toString());
        Properties admin = new KafkaClientSettings(o, null, null, "store-pw").adminProperties(FACTORY);
        try (SslFactory tls = new SslFactory(ConnectionMode.CLIENT)) {
            tls.configure(new AdminClientConfig(admin).values());
            KeyStore keyStore = tls.sslEngineFactory().keystore();
            assertThat(keyStore.getType()).isEqualTo("PKCS12");
            assertThat(keyStore.isKeyEntry("client")).as("the client's key entry").isTrue();
        }
    }
}
