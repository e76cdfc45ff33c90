package io.conntrackd.sink.kafka;

import static io.conntrackd.sink.kafka.KafkaSinkConfiguration.isSet;

import java.util.Locale;
import java.util.Properties;

import io.conntrackd.sink.kafka.KafkaSinkConfiguration.SaslMechanism;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.security.KafkaAuthType;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The sink's options as camel-kafka's {@link KafkaConfiguration}, which turns them into the properties of a
 * kafka-clients producer (as it does for a {@code kafka:} endpoint): the same names, defaults and SASL login
 * (its JAAS configuration escapes the password). Keys and values are bytes: the sink writes the JSON itself.
 *
 * @param options            the sink's options
 * @param saslPassword       the SASL password, or null
 * @param trustStorePassword the trust store's password, or null
 * @param keyStorePassword   the key store's password (also the key's), or null
 */
record KafkaClientSettings(KafkaSinkConfiguration options, String saslPassword, String trustStorePassword,
                           String keyStorePassword) {

    /** Records that the brokers are not acknowledging yet wait at most this long for one request. */
    private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

    /** camel-kafka's configuration of a producer with these options. */
    KafkaConfiguration camelConfiguration() {
        KafkaSinkConfiguration o = options;
        KafkaConfiguration c = new KafkaConfiguration();
        c.setBrokers(String.join(",", o.brokerList()));
        c.setTopic(o.getTopic());
        c.setClientId(o.getClientId());
        c.setCompressionCodec(o.getCompression().name().toLowerCase(Locale.ROOT));
        c.setRequestRequiredAcks(o.getAcks());
        c.setEnableIdempotence(o.isIdempotence());
        c.setLingerMs((int) Math.min(Integer.MAX_VALUE, o.getLinger()));
        c.setProducerBatchSize(o.getBatchBytes());
        c.setBufferMemorySize((int) Math.min(Integer.MAX_VALUE, o.getBufferBytes()));
        c.setMaxBlockMs((int) Math.min(Integer.MAX_VALUE, o.getMaxBlock()));
        c.setDeliveryTimeoutMs((int) Math.min(Integer.MAX_VALUE, o.effectiveDeliveryTimeout()));
        // Kafka wants delivery.timeout.ms >= linger.ms + request.timeout.ms
        c.setRequestTimeoutMs((int) Math.min(REQUEST_TIMEOUT_MILLIS, o.getDeliveryTimeout() - o.getLinger()));
        c.setKeySerializer(ByteArraySerializer.class.getName());
        c.setValueSerializer(ByteArraySerializer.class.getName());
        c.setSecurityProtocol(securityProtocol());
        if (o.isTls()) {
            tls(c);
        }
        if (o.getSaslMechanism() != SaslMechanism.NONE) {
            c.setSaslAuthType(KafkaAuthType.valueOf(o.getSaslMechanism().name()));
            c.setSaslUsername(o.getSaslUsername());
            c.setSaslPassword(saslPassword == null ? "" : saslPassword);
        }
        return c;
    }

    /** The producer's properties, with the brokers as {@code factory} names them (as for a kafka: endpoint). */
    Properties producerProperties(KafkaClientFactory factory) {
        KafkaConfiguration configuration = camelConfiguration();
        Properties properties = configuration.createProducerProperties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, factory.getBrokers(configuration));
        return properties;
    }

    /** What an admin client needs of them (connection, security): for the startup check. */
    Properties adminProperties(KafkaClientFactory factory) {
        Properties producer = producerProperties(factory);
        Properties admin = new Properties();
        for (String name : AdminClientConfig.configNames()) {
            if (producer.containsKey(name)) {
                admin.put(name, producer.get(name));
            }
        }
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, options.getClientId() + "-check");
        return admin;
    }

    private String securityProtocol() {
        boolean sasl = options.getSaslMechanism() != SaslMechanism.NONE;
        if (options.isTls()) {
            return sasl ? "SASL_SSL" : "SSL";
        }
        return sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    private void tls(KafkaConfiguration c) {
        if (isSet(options.getCaFile())) {
            c.setSslTruststoreType("PEM");
            c.setSslTruststoreLocation(options.getCaFile());
        } else if (isSet(options.getTrustStore())) {
            c.setSslTruststoreType(storeType(options.getTrustStore()));
            c.setSslTruststoreLocation(options.getTrustStore());
            c.setSslTruststorePassword(trustStorePassword);
        }
        if (isSet(options.getKeyStore())) {
            c.setSslKeystoreType(storeType(options.getKeyStore()));
            c.setSslKeystoreLocation(options.getKeyStore());
            c.setSslKeystorePassword(keyStorePassword);
            c.setSslKeyPassword(keyStorePassword);
        }
    }

    /** JKS for *.jks, else PKCS12 (the JDK's default type since Java 9). */
    private static String storeType(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    /** Never shows the secrets: this record ends up in log lines and messages. */
    @Override
    public String toString() {
        return "KafkaClientSettings[brokers=" + options.getBrokers() + ", topic=" + options.getTopic() + "]";
    }
}
