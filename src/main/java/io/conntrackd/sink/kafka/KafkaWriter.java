package io.conntrackd.sink.kafka;

import java.time.Duration;
import java.util.List;
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
 * <p>With {@code events-per-record} above 1 the writer sends the events of a batch in grouped records
 * ({@link RecordGroups}, {@link KafkaRecords#grouped}) to the partitions it picks itself, and a record's
 * acknowledgement settles all its events alike; the counts stay per event. Learning the topic's partitions
 * may also wait, at most {@code maxBlock}, until the brokers name them.
 *
 * <p>On shutdown the producer is closed with what is left of the drain timeout: it sends what it holds
 * until then, and the records still unacknowledged fail (their events are counted as failed and logged).
 */
final class KafkaWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final KafkaRecords records;
    private final String topic;
    private final RecordGroups groups;
    private final boolean keyed;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong lostAtShutdown = new AtomicLong();
    private volatile boolean closing;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog drops = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    KafkaWriter(Producer<byte[], byte[]> producer, KafkaRecords records, KafkaSinkConfiguration options) {
        this.producer = producer;
        this.records = records;
        this.topic = options.getTopic();
        this.groups = options.getEventsPerRecord() > 1 ? new RecordGroups(options.getEventsPerRecord()) : null;
        this.keyed = records.keyed();
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
        if (groups == null) {
            sendEach(batch);
        } else {
            sendGrouped(batch);
        }
    }

    private void sendEach(EventBatch batch) {
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

    private void sendGrouped(EventBatch batch) {
        List<RecordGroups.Group> grouped;
        try {
            grouped = groups.of(batch.events(), records::key, keyed ? partitions() : RecordGroups.UNKEYED);
        } catch (RuntimeException e) { // the topic's partitions unknown (no metadata within max-block), or closed
            Verdict verdict = verdict(e, batch.size());
            batch.settleRemaining(verdict.outcome(), verdict.reason());
            return;
        }
        unacknowledged.addAndGet(batch.size());
        for (RecordGroups.Group group : grouped) {
            int from = 0;
            while (from < group.events().length) {
                from += sendRecord(batch, group, from);
            }
        }
    }

    /** Sends the next record of {@code group}'s events from {@code from} on; returns how many events it took. */
    private int sendRecord(EventBatch batch, RecordGroups.Group group, int from) {
        KafkaRecords.Grouped record;
        try {
            record = records.grouped(batch, group, from);
        } catch (RuntimeException e) { // a line that could not be encoded: the group's other events fail with it
            int rest = group.events().length - from;
            settle(take(batch, group, from, rest), e);
            return rest;
        }
        EventBatch.Ticket[] tickets = take(batch, group, from, record.events());
        try {
            producer.send(record.record(), (metadata, error) -> settle(tickets, error));
        } catch (RuntimeException e) { // not a send error the producer reports to the callback (closed, interrupted)
            settle(tickets, e);
        }
        return record.events();
    }

    /** The topic's partitions as the producer knows them; asked once per batch, as they may grow. */
    private int partitions() {
        int partitions = producer.partitionsFor(topic).size();
        if (partitions == 0) {
            throw new KafkaException("the brokers name no partitions of topic " + topic);
        }
        return partitions;
    }

    private static EventBatch.Ticket[] take(EventBatch batch, RecordGroups.Group group, int from, int count) {
        EventBatch.Ticket[] tickets = new EventBatch.Ticket[count];
        for (int k = 0; k < count; k++) {
            tickets[k] = batch.take(group.events()[from + k]);
        }
        return tickets;
    }

    private void settle(EventBatch.Ticket ticket, Exception error) {
        unacknowledged.decrementAndGet();
        Verdict verdict = error == null ? Verdict.DELIVERED : verdict(error, 1);
        ticket.settle(verdict.outcome(), verdict.reason());
    }

    /** The events of one grouped record, all alike. */
    private void settle(EventBatch.Ticket[] tickets, Exception error) {
        unacknowledged.addAndGet(-tickets.length);
        Verdict verdict = error == null ? Verdict.DELIVERED : verdict(error, tickets.length);
        for (EventBatch.Ticket ticket : tickets) {
            ticket.settle(verdict.outcome(), verdict.reason());
        }
    }

    /** What became of {@code events} events whose record failed with {@code error}; logged and counted here. */
    private Verdict verdict(Exception error, int events) {
        if (closing) {
            lostAtShutdown.addAndGet(events);
            return new Verdict(Outcome.FAILED, "not acknowledged by Kafka within the drain timeout: " + error);
        }
        if (error instanceof BufferExhaustedException) {
            drops.warn(events, "{} events dropped by the Kafka sink (topic {}): its buffer is full (the brokers are slow"
                    + " or down)", topic);
            return Verdict.BUFFER_FULL;
        }
        failures.warn(events, "{} events not delivered to Kafka (topic {}): {}", topic, error.toString());
        return new Verdict(Outcome.FAILED, error.toString());
    }

    /** How an event is settled. */
    private record Verdict(Outcome outcome, String reason) {
        static final Verdict DELIVERED = new Verdict(Outcome.DELIVERED, null);
        static final Verdict BUFFER_FULL = new Verdict(Outcome.DROPPED, "the Kafka producer's buffer is full");
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
