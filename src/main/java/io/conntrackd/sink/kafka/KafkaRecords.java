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

    /**
     * The record of a group of events: its value their lines in order, separated by newlines (as a batch's
     * JSON, without a newline at the end); no key, as it holds events of several keys, and the group's
     * partition instead; headers {@code host} and {@code events} (how many), but no {@code type} or
     * {@code prot}, which each event has on its own.
     */
    ProducerRecord<byte[], byte[]> grouped(EventBatch batch, RecordGroups.Group group) {
        groupedValue.reset();
        int[] events = group.events();
        for (int k = 0; k < events.length; k++) {
            if (k > 0) {
                groupedValue.write('\n');
            }
            appendLine(batch.events().get(events[k]), batch.line(events[k]));
        }
        Header[] headers = {host, header(EVENTS_HEADER, Integer.toString(events.length))};
        return new ProducerRecord<>(topic, group.partition(), null, null, groupedValue.toByteArray(),
                new RecordHeaders(headers));
    }

    private void appendLine(ConntrackEvent event, byte[] line) {
        if (line != null) {
            groupedValue.writeBytes(line);
        } else {
            int length = lines.encode(event);
            groupedValue.write(lines.buffer(), 0, length);
        }
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
