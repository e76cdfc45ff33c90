package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import javax.net.ssl.SSLHandshakeException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * A failed TLS set-up or handshake names the option at fault. The exceptions are as kafka-clients 3.9 and the
 * JDK raise them (KafkaSinkIT and KafkaStartupIT meet them against a real broker).
 */
class KafkaTlsFailuresTest {

    private static final String STORE = "/etc/conntrackd/client.p12";
    private static final String POST_HANDSHAKE = "Failed to process post-handshake messages";

    private static KafkaSinkConfiguration tls(String keyStore) {
        KafkaSinkConfiguration o = new KafkaSinkConfiguration();
        o.setBrokers("k1:9093");
        o.setTls(true);
        o.setCaFile("/etc/conntrackd/kafka-ca.pem");
        o.setKeyStore(keyStore);
        return o;
    }

    @Test
    void aKeyStoreThatDoesNotOpenIsNamedWithTheReason() {
        KafkaException e = new KafkaException("Failed to create new KafkaAdminClient", new KafkaException(
                "Failed to create new NetworkClient", new KafkaException("Failed to load SSL keystore " + STORE
                + " of type PKCS12", new IOException("keystore password was incorrect"))));
        KafkaCheckException check = KafkaTlsFailures.clientNotCreated(e, tls(STORE));
        assertThat(check.option()).isEqualTo("keyStore");
        assertThat(check).hasMessage("cannot set up the Kafka client: Failed to load SSL keystore " + STORE
                + " of type PKCS12: java.io.IOException: keystore password was incorrect");

        KafkaException ca = new KafkaException("Failed to load SSL truststore /etc/conntrackd/kafka-ca.pem of type"
                + " PEM");
        assertThat(KafkaTlsFailures.clientNotCreated(ca, tls(STORE)).option()).isEqualTo("caFile");
        assertThat(KafkaTlsFailures.clientNotCreated(new KafkaException("other"), tls(null)).option())
                .isEqualTo("tls");
    }

    @Test
    void brokersThatRefuseTheClientsCertificatePointAtTheKeyStore() {
        SslAuthenticationException e = new SslAuthenticationException(POST_HANDSHAKE,
                new SSLHandshakeException("Received fatal alert: bad_certificate"));
        KafkaCheckException without = KafkaTlsFailures.handshakeFailed(e, tls(null));
        assertThat(without.option()).isEqualTo("keyStore");
        assertThat(without).hasMessage("the brokers k1:9093 refused the TLS handshake of this client, which has no"
                + " certificate (" + POST_HANDSHAKE + ": Received fatal alert: bad_certificate): they require a client"
                + " certificate from a CA they trust");
        assertThat(KafkaTlsFailures.handshakeFailed(e, tls(STORE)))
                .hasMessageStartingWith("the brokers k1:9093 refused this client's certificate in the TLS handshake");
    }

    @Test
    void aBrokerCertificateThisClientDoesNotTrustPointsAtTheCa() {
        SslAuthenticationException e = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException(
                "PKIX path building failed"));
        KafkaCheckException check = KafkaTlsFailures.handshakeFailed(e, tls(STORE));
        assertThat(check.option()).isEqualTo("caFile");
        assertThat(check).hasMessageStartingWith("the TLS handshake with the brokers k1:9093 failed (SSL handshake"
                + " failed: PKIX path building failed): ");
        SslAuthenticationException protocol = new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("Received fatal alert: protocol_version"));
        assertThat(KafkaTlsFailures.handshakeFailed(protocol, tls(null)).option()).isEqualTo("caFile");
    }
}
