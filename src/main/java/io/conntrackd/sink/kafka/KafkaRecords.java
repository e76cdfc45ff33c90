package io.conntrackd.sink.kafka;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
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
 * the line is the one the route encoded for every sink that writes it, or else encoded here.
 * Not thread-safe: one per sink worker.
 */
final class KafkaRecords {

    static final String TYPE_HEADER = "type";
    static final String PROTOCOL_HEADER = "prot";
    static final String HOST_HEADER = "host";

    private final String topic;
    private final RecordKey key;
    private final Header host;
    private final Map<EventType, Header> types = new EnumMap<>(EventType.class);
    private final Map<Protocol, Header> protocols = new EnumMap<>(Protocol.class);
    private final LineEncoder lines = new LineEncoder();

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

    private byte[] key(ConntrackEvent event) {
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
