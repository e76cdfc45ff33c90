package io.conntrackd.sink.kafka;

import java.util.List;

import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkMeters;
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
 * {@code host}; or, with {@code eventsPerRecord} above 1, up to that many events of one partition per record
 * (their lines separated by newlines). Each record is acknowledged on its own, asynchronously; while the
 * brokers are down, records wait in a bounded buffer, and what finds no room is dropped and counted.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-kafka", title = "Conntrack Kafka Sink",
             syntax = "conntrack-kafka:topic", producerOnly = true, category = {Category.MESSAGING})
public class KafkaSinkEndpoint extends SinkEndpoint {

    @UriParam
    private final KafkaSinkConfiguration configuration;

    private volatile KafkaWriter writer;

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
        KafkaWriter w = new KafkaWriter(createKafkaProducer(), new KafkaRecords(c.getTopic(), c.getKey(), hostname), c);
        w.awaitTopic(c.getTimeout());
        writer = w;
        return w;
    }

    @Override
    protected boolean writesLines() {
        return true;
    }

    /** The events waiting for the brokers' acknowledgement, and the producer's free buffer. */
    @Override
    public void addMeters(SinkMeters meters) {
        KafkaWriter w = writer;
        if (w != null) {
            meters.gauge("conntrackd.kafka.unacknowledged.events", "Events sent to Kafka and not acknowledged yet", w,
                    KafkaWriter::unacknowledged);
            meters.gauge("conntrackd.kafka.buffer.available.bytes", "Free bytes of the Kafka producer's buffer", w,
                    KafkaWriter::bufferAvailableBytes);
        }
    }

    /** The producer's buffer is nearly full: the brokers are slow or down. */
    @Override
    protected List<String> healthProblems() {
        KafkaWriter w = writer;
        long capacity = configuration.getBufferBytes();
        double available = w == null ? -1 : w.bufferAvailableBytes();
        if (available < 0 || (capacity - available) * 100 < capacity * SATURATED_PERCENT) {
            return List.of();
        }
        return List.of("the Kafka producer's buffer is full to " + Math.round((capacity - available) * 100 / capacity)
                + "% (the brokers are slow or down)");
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
