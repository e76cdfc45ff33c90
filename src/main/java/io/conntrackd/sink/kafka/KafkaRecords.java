package io.conntrackd.sink.kafka;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.sink.kafka.KafkaSinkConfiguration.RecordKey;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Makes the Kafka record of an event: its value the event's JSON line (the stream sink's fields), its key
 * as configured (the flow id by default, in decimal), and the headers {@code type}, {@code prot} and
 * {@code host}, so that consumers can route records without parsing them. The header values are made once;
 * the line is the one the route encoded for every sink that writes it, or else encoded here. With
 * {@code events-per-record} above 1, a record holds a group of events instead ({@link #grouped}).
 * Not thread-safe: one per sink worker.
 */
final class KafkaRecords {

    static final String TYPE_HEADER = "type";
    static final String PROTOCOL_HEADER = "prot";
    static final String HOST_HEADER = "host";
    static final String EVENTS_HEADER = "events";
    /**
     * The most bytes of lines in a grouped record: half the producer's largest request (max.request.size,
     * 1 MiB before compression, which refuses a larger record as a whole), so that a group of long lines is
     * cut into records that fit instead of failing.
     */
    static final int MAX_GROUPED_VALUE_BYTES = 512 * 1024;

    private final String topic;
    private final RecordKey key;
    private final Header host;
    private final Map<EventType, Header> types = new EnumMap<>(EventType.class);
    private final Map<Protocol, Header> protocols = new EnumMap<>(Protocol.class);
    private final LineEncoder lines = new LineEncoder();
    private final ByteArrayOutputStream groupedValue = new ByteArrayOutputStream(64 * 1024);

    KafkaRecords(String topic, RecordKey key, String hostname) {
        this.topic = topic;
        this.key = key;
        this.host = header(HOST_HEADER, hostname);
        for (EventType t : EventType.values()) {
            types.put(t, header(TYPE_HEADER, t.name()));
        }
        for (Protocol p : Protocol.values()) {
            protocols.put(p, header(PROTOCOL_HEADER, p.name()));
        }
    }

    /** @param line the event's line if the route encoded it, else {@code null} */
    ProducerRecord<byte[], byte[]> of(ConntrackEvent event, byte[] line) {
        Header[] headers = {types.get(event.type()), protocols.get(event.protocol()), host};
        return new ProducerRecord<>(topic, null, null, key(event), lines.line(event, line), new RecordHeaders(headers));
    }

    /** A record of a group's events, from the one asked for on: it holds the next {@code events} of them. */
    record Grouped(ProducerRecord<byte[], byte[]> record, int events) {
    }

    /**
     * A record of a group of events, from its event {@code from} on: its value their lines in order,
     * separated by newlines (as a batch's JSON, without a newline at the end), as many as fit in
     * {@link #MAX_GROUPED_VALUE_BYTES} (one at least); no key, as it holds events of several keys, and the
     * group's partition instead; headers {@code host} and {@code events} (how many), but no {@code type} or
     * {@code prot}, which each event has on its own.
     */
    Grouped grouped(EventBatch batch, RecordGroups.Group group, int from) {
        groupedValue.reset();
        int[] events = group.events();
        int to = from;
        while (to < events.length && appendLine(batch.events().get(events[to]), batch.line(events[to]), to > from)) {
            to++;
        }
        Header[] headers = {host, header(EVENTS_HEADER, Integer.toString(to - from))};
        return new Grouped(new ProducerRecord<>(topic, group.partition(), null, null, groupedValue.toByteArray(),
                new RecordHeaders(headers)), to - from);
    }

    /** Appends the event's line (after a newline if {@code more}); false, appending nothing, if it would not fit. */
    private boolean appendLine(ConntrackEvent event, byte[] line, boolean more) {
        int length = line != null ? line.length : lines.encode(event); // encode first: it may replace the buffer
        byte[] bytes = line != null ? line : lines.buffer();
        if (more && groupedValue.size() + 1 + length > MAX_GROUPED_VALUE_BYTES) {
            return false;
        }
        if (more) {
            groupedValue.write('\n');
        }
        groupedValue.write(bytes, 0, length);
        return true;
    }

    /** Whether records have keys (and so a partition per key). */
    boolean keyed() {
        return key != RecordKey.NONE;
    }

    /** The key's bytes of {@code event}'s record, or {@code null} for no key. */
    byte[] key(ConntrackEvent event) {
        String text = switch (key) {
            case FLOW -> Long.toString(event.flowId());
            case SOURCE -> event.original().source().toString();
            case DESTINATION -> event.original().destination().toString();
            case NONE -> null;
        };
        return text == null ? null : text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
