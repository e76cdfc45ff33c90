package io.conntrackd.app;

import java.util.List;
import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.kafka.KafkaCheckException;
import io.conntrackd.sink.kafka.KafkaSinkComponent;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration;

/**
 * {@code --sink.kafka.*}: one Kafka record per event, or a few with {@code sink.kafka.events-per-record}
 * ({@code conntrack-kafka:}). Secrets (the SASL password,
 * the stores' passwords) are read from files or environment variables into the component, never into the
 * endpoint URI or a Camel property, so that no log line, {@code --help}, {@code /metrics} or error message
 * shows them.
 */
final class KafkaSinkDefinition extends SinkDefinition<KafkaSinkConfiguration> {

    static final String SASL_PASSWORD_VARIABLE = "CONNTRACKD_SINK_KAFKA_SASL_PASSWORD";
    static final String TRUST_STORE_PASSWORD_VARIABLE = "CONNTRACKD_SINK_KAFKA_TLS_TRUST_STORE_PASSWORD";
    static final String KEY_STORE_PASSWORD_VARIABLE = "CONNTRACKD_SINK_KAFKA_TLS_KEY_STORE_PASSWORD";
    static final Setting SASL_PASSWORD_FILE = Setting.string("sink.kafka.sasl.password-file", "",
            "File holding the SASL password (or set " + SASL_PASSWORD_VARIABLE + ")");
    static final Setting TRUST_STORE_PASSWORD_FILE = Setting.string("sink.kafka.tls.trust-store-password-file", "",
            "File holding the trust store's password (or set " + TRUST_STORE_PASSWORD_VARIABLE + ")");
    static final Setting KEY_STORE_PASSWORD_FILE = Setting.string("sink.kafka.tls.key-store-password-file", "",
            "File holding the key store's password (or set " + KEY_STORE_PASSWORD_VARIABLE + ")");

    KafkaSinkDefinition() {
        super("kafka", "conntrack-kafka", Settings.SINK_KAFKA_ENABLE, KafkaSinkConfiguration::new,
                Map.of("tls", "tls.enable", "caFile", "tls.ca-file", "trustStore", "tls.trust-store",
                        "keyStore", "tls.key-store", "saslMechanism", "sasl.mechanism",
                        "saslUsername", "sasl.username"), Map.of());
    }

    @Override
    List<Setting> ownSettings() {
        return List.of(SASL_PASSWORD_FILE, TRUST_STORE_PASSWORD_FILE, KEY_STORE_PASSWORD_FILE);
    }

    @Override
    Map<String, String> otherOptionNames() {
        return Map.of("saslPassword", "a SASL password (" + SASL_PASSWORD_FILE.key() + " or "
                + SASL_PASSWORD_VARIABLE + ")", "keyStorePassword", "its password (" + KEY_STORE_PASSWORD_FILE.key()
                + " or " + KEY_STORE_PASSWORD_VARIABLE + ")");
    }

    /** The component with the secrets. */
    @Override
    SinkComponent component(KafkaSinkConfiguration options, Configuration config, Map<String, String> environment)
            throws ConfigurationException {
        KafkaSinkComponent component = new KafkaSinkComponent();
        component.setConfiguration(options);
        component.setSaslPassword(SecretFiles.read(config, SASL_PASSWORD_FILE, environment, SASL_PASSWORD_VARIABLE));
        component.setTrustStorePassword(SecretFiles.read(config, TRUST_STORE_PASSWORD_FILE, environment,
                TRUST_STORE_PASSWORD_VARIABLE));
        component.setKeyStorePassword(SecretFiles.read(config, KEY_STORE_PASSWORD_FILE, environment,
                KEY_STORE_PASSWORD_VARIABLE));
        return component;
    }

    /** The cluster's metadata within the timeout, and a topic that exists or will be created. */
    @Override
    void probe(KafkaSinkConfiguration options, SinkComponent component) throws Exception {
        try {
            ((KafkaSinkComponent) component).check(options);
        } catch (KafkaCheckException e) {
            throw new KafkaCheckException(e.option(), e.getMessage() + " (" + settingKey(e.option()) + ")", e);
        }
    }
}
