package io.conntrackd.sink.kafka;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.support.Hostname;
import org.apache.camel.Category;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends conntrack events (a {@code ConntrackEvent} or a list of them) to a Kafka topic, one record per event:
 * the value its JSON line, the key its flow id (by default), headers {@code type}, {@code prot} and
 * {@code host}. Each record is acknowledged on its own, asynchronously; while the brokers are down, records
 * wait in a bounded buffer, and what finds no room is dropped and counted.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-kafka", title = "Conntrack Kafka Sink",
             syntax = "conntrack-kafka:topic", producerOnly = true, category = {Category.MESSAGING})
public class KafkaSinkEndpoint extends SinkEndpoint {

    @UriParam
    private final KafkaSinkConfiguration configuration;

    public KafkaSinkEndpoint(String uri, KafkaSinkComponent component, KafkaSinkConfiguration configuration) {
        super(uri, component, "kafka", configuration);
        this.configuration = configuration;
    }

    @Override
    public KafkaSinkConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public KafkaSinkComponent getComponent() {
        return (KafkaSinkComponent) super.getComponent();
    }

    @Override
    protected SinkWriter createWriter() {
        KafkaSinkConfiguration c = configuration;
        String hostname = KafkaSinkConfiguration.isSet(c.getHostname()) ? c.getHostname() : Hostname.local();
        KafkaWriter writer = new KafkaWriter(createKafkaProducer(), new KafkaRecords(c.getTopic(), c.getKey(), hostname), c);
        writer.awaitTopic(c.getTimeout());
        return writer;
    }

    /** The producer, made by camel-kafka's client factory from camel-kafka's configuration of our options. */
    @SuppressWarnings("unchecked")
    private Producer<byte[], byte[]> createKafkaProducer() {
        KafkaClientSettings settings = getComponent().clientSettings(configuration);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            // Kafka loads serializers and login modules through the context class loader, as camel-kafka knows
            thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
            KafkaClientFactory factory = getComponent().getKafkaClientFactory();
            return factory.getProducer(settings.producerProperties(factory));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
