package io.conntrackd.sink.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.support.RateLimitedLog;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to the Kafka producer and lets the producer's acknowledgement settle it: the writer
 * takes every event of a batch ({@link EventBatch#take}) and returns at once; the producer's I/O thread
 * settles each event when the brokers acknowledged its record (delivered), refused it or its delivery
 * timeout ran out (failed), or when it found no room in the producer's buffer (dropped). Nothing waits
 * for an acknowledgement, so the sink's worker keeps the kernel's pace; a send waits only for room in
 * the buffer, at most {@code maxBlock}.
 *
 * <p>On shutdown the producer is closed with what is left of the drain timeout: it sends what it holds
 * until then, and the records still unacknowledged fail (their events are counted as failed and logged).
 */
final class KafkaWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final KafkaRecords records;
    private final String topic;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong lostAtShutdown = new AtomicLong();
    private volatile boolean closing;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog drops = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    KafkaWriter(Producer<byte[], byte[]> producer, KafkaRecords records, KafkaSinkConfiguration options) {
        this.producer = producer;
        this.records = records;
        this.topic = options.getTopic();
    }

    /**
     * Waits until the producer knows the topic's partitions (a first send would otherwise wait for them and
     * fail after max-block), at most {@code timeoutMillis}; then goes on either way.
     */
    void awaitTopic(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("Kafka sink: the brokers did not name the partitions of topic {} within {} ms; events"
                            + " fail until they do", topic, timeoutMillis);
                    return;
                }
            } catch (KafkaException e) {
                LOG.warn("Kafka sink: cannot learn the partitions of topic {}: {}", topic, e.toString());
                return;
            }
        }
    }

    @Override
    public void write(EventBatch batch) {
        // once per batch: the producer's thread counts down per record, and a count per record from here too
        // would move the counter between the two threads' caches at every record
        unacknowledged.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            EventBatch.Ticket ticket = batch.take(i);
            try {
                ProducerRecord<byte[], byte[]> record = records.of(batch.events().get(i), batch.line(i));
                producer.send(record, (metadata, error) -> settle(ticket, error));
            } catch (RuntimeException e) { // not a send error the producer reports to the callback (closed, interrupted)
                settle(ticket, e);
            }
        }
    }

    private void settle(EventBatch.Ticket ticket, Exception error) {
        unacknowledged.decrementAndGet();
        if (error == null) {
            ticket.settle(Outcome.DELIVERED, null);
        } else if (closing) {
            ticket.settle(Outcome.FAILED, "not acknowledged by Kafka within the drain timeout: " + error);
            lostAtShutdown.incrementAndGet();
        } else if (error instanceof BufferExhaustedException) {
            ticket.settle(Outcome.DROPPED, "the Kafka producer's buffer is full");
            drops.warn(1, "{} events dropped by the Kafka sink (topic {}): its buffer is full (the brokers are slow"
                    + " or down)", topic);
        } else {
            ticket.settle(Outcome.FAILED, error.toString());
            failures.warn(1, "{} events not delivered to Kafka (topic {}): {}", topic, error.toString());
        }
    }

    /** Events handed to the producer whose acknowledgement has not come yet. */
    long unacknowledged() {
        return unacknowledged.get();
    }

    /** Bytes of the producer's buffer that are free now (its own metric), or -1 if it has none. */
    double bufferAvailableBytes() {
        for (var e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals("buffer-available-bytes") && e.getKey().group().equals("producer-metrics")
                    && e.getValue().metricValue() instanceof Number n) {
                return n.doubleValue();
            }
        }
        return -1;
    }

    /** Sends what the producer holds and closes it, giving up at the deadline. */
    @Override
    public void finish(long deadlineNanos) {
        long waiting = unacknowledged.get();
        closing = true;
        producer.close(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
        long lost = lostAtShutdown.get();
        if (lost > 0) {
            LOG.warn("Kafka sink (topic {}): {} of the {} events awaiting acknowledgement at shutdown were not"
                    + " acknowledged within the drain timeout; they count as failed", topic, lost, waiting);
        }
    }

    /** Closes the producer at once (a second close does nothing): records still in it fail. */
    @Override
    public void close() {
        closing = true;
        producer.close(Duration.ZERO);
    }
}
