package io.conntrackd.sink.kafka;

import java.util.Map;

import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.SinkConfiguration;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.SaslMechanism;
import org.apache.camel.Endpoint;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/**
 * The {@code conntrack-kafka:} sink: each conntrack event a Kafka record, sent by a kafka-clients producer
 * that camel-kafka configures and creates. Secrets (the SASL password, the stores' passwords) are options of
 * the component, not of endpoints, so that they never appear in an endpoint URI (Camel logs those).
 */
@Component("conntrack-kafka")
public class KafkaSinkComponent extends SinkComponent {

    @Metadata(description = "The options every endpoint starts with; an endpoint URI overrides single ones.")
    private KafkaSinkConfiguration configuration = new KafkaSinkConfiguration();

    @Metadata(label = "security", secret = true, description = "The SASL password, with sasl-mechanism.")
    private String saslPassword;

    @Metadata(label = "security", secret = true, description = "The trust store's password.")
    private String trustStorePassword;

    @Metadata(label = "security", secret = true, description = "The key store's password (also the key's).")
    private String keyStorePassword;

    @Metadata(label = "advanced", autowired = true,
              description = "camel-kafka's factory of Kafka clients, as for kafka: endpoints (for example one that"
                            + " wraps the producer); default: camel-kafka's own.")
    private KafkaClientFactory kafkaClientFactory = new DefaultKafkaClientFactory();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        KafkaSinkConfiguration options = configuration.copy();
        if (!remaining.isEmpty()) {
            options.setTopic(remaining);
        }
        return configured(new KafkaSinkEndpoint(uri, this, options), parameters);
    }

    /**
     * Also checks that a SASL login has its password, and that there is none without one, and that a key store
     * has its password (kafka-clients cannot open one without, and would say so only when the client starts).
     */
    @Override
    public void validate(SinkConfiguration options) {
        super.validate(options);
        KafkaSinkConfiguration o = (KafkaSinkConfiguration) options;
        boolean hasPassword = KafkaSinkConfiguration.isSet(saslPassword);
        if (o.getSaslMechanism() != SaslMechanism.NONE && !hasPassword) {
            throw new InvalidOptionException("saslMechanism", KafkaSinkConfiguration.text(o.getSaslMechanism()),
                    "{} needs {saslPassword}");
        }
        if (o.getSaslMechanism() == SaslMechanism.NONE && hasPassword) {
            throw new InvalidOptionException("saslPassword", "", "{} needs {saslMechanism}");
        }
        if (KafkaSinkConfiguration.isSet(o.getKeyStore()) && !KafkaSinkConfiguration.isSet(keyStorePassword)) {
            throw new InvalidOptionException("keyStore", o.getKeyStore(), "{} needs {keyStorePassword}");
        }
    }

    /**
     * The startup check of a destination with these options and the component's secrets.
     *
     * @throws KafkaCheckException saying why it cannot be used now
     */
    public void check(KafkaSinkConfiguration options) throws KafkaCheckException, InterruptedException {
        new KafkaClusterCheck(clientSettings(options), kafkaClientFactory).run();
    }

    KafkaClientSettings clientSettings(KafkaSinkConfiguration options) {
        return new KafkaClientSettings(options, saslPassword, trustStorePassword, keyStorePassword);
    }

    public KafkaSinkConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(KafkaSinkConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getSaslPassword() {
        return saslPassword;
    }

    public void setSaslPassword(String saslPassword) {
        this.saslPassword = saslPassword;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public KafkaClientFactory getKafkaClientFactory() {
        return kafkaClientFactory;
    }

    public void setKafkaClientFactory(KafkaClientFactory kafkaClientFactory) {
        this.kafkaClientFactory = kafkaClientFactory;
    }
}
