package io.conntrackd.sink.kafka;

import static io.conntrackd.sink.kafka.KafkaSinkConfiguration.isSet;

import java.util.Locale;

import io.conntrackd.support.Causes;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Which TLS option a failed startup check points at, from what kafka-clients and the JDK report: a store that
 * cannot be opened is named by its file in kafka-clients' message; a handshake that the brokers end with a
 * fatal alert about a certificate means they turned away this client's certificate (or its lack of one); any
 * other failed handshake means that this client did not accept the brokers' certificate.
 */
final class KafkaTlsFailures {

    /** How the JDK words an alert that the peer sent (sun.security.ssl.Alert), e.g. "...: bad_certificate". */
    private static final String ALERT_FROM_THE_PEER = "Received fatal alert: ";

    private KafkaTlsFailures() {
    }

    /** kafka-clients could not create the client, e.g. because a store does not open with its password. */
    static KafkaCheckException clientNotCreated(KafkaException e, KafkaSinkConfiguration o) {
        Throwable innermost = e;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof KafkaException) {
                innermost = t;
            }
        }
        String why = innermost.getMessage() + (innermost.getCause() == null ? "" : ": " + innermost.getCause());
        String option = o.isTls() ? "tls" : "brokers";
        if (named(why, o.getKeyStore())) {
            option = "keyStore";
        } else if (named(why, o.getTrustStore())) {
            option = "trustStore";
        } else if (named(why, o.getCaFile())) {
            option = "caFile";
        }
        return new KafkaCheckException(option, "cannot set up the Kafka client: " + why, e);
    }

    /** The TLS handshake with the brokers failed. */
    static KafkaCheckException handshakeFailed(SslAuthenticationException e, KafkaSinkConfiguration o) {
        Throwable root = Causes.root(e);
        String detail = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
        String brokers = "the brokers " + o.getBrokers();
        if (refusedACertificate(root.getMessage())) {
            String refused = isSet(o.getKeyStore()) ? " refused this client's certificate in the TLS handshake ("
                    : " refused the TLS handshake of this client, which has no certificate (";
            return new KafkaCheckException("keyStore", brokers + refused + detail + "): they require a client"
                    + " certificate from a CA they trust", e);
        }
        return new KafkaCheckException(isSet(o.getTrustStore()) ? "trustStore" : "caFile", "the TLS handshake with "
                + brokers + " failed (" + detail + "): is their certificate from a trusted CA, for the name or address"
                + " this client connects to?", e);
    }

    private static boolean refusedACertificate(String message) {
        if (message == null || !message.startsWith(ALERT_FROM_THE_PEER)) {
            return false;
        }
        String alert = message.substring(ALERT_FROM_THE_PEER.length()).toLowerCase(Locale.ROOT);
        return alert.contains("certificate") || alert.equals("unknown_ca") || alert.equals("access_denied");
    }

    private static boolean named(String message, String file) {
        return isSet(file) && message.contains(file);
    }
}
