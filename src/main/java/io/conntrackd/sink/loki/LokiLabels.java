package io.conntrackd.sink.loki;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.EventField;

/**
 * The stream labels of the Loki sink. Only values with few distinct values become labels, so that the
 * sink creates a handful of streams and never one per flow (Loki's advice on cardinality):
 * {@code service_name}, {@code host}, the event type ({@code type}), the protocol ({@code prot}) and
 * the user's own labels. Every other field goes into the line and the structured metadata.
 */
public final class LokiLabels {

    /** Loki (like Prometheus) accepts at most this many labels per stream by default. */
    public static final int MAX_LABELS = 15;

    static final String SERVICE_NAME = "service_name";
    static final String HOST = "host";
    static final String SERVICE = "conntrackd";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Event fields that are labels, so not repeated as structured metadata. */
    private static final Set<EventField> LABEL_FIELDS = Set.of(EventField.TYPE, EventField.PROT);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String>[] streams;
    private final byte[][] streamJson;

    @SuppressWarnings("unchecked")
    private LokiLabels(Map<String, String> fixed) {
        EventType[] types = EventType.values();
        Protocol[] protocols = Protocol.values();
        streams = new Map[types.length * protocols.length];
        streamJson = new byte[streams.length][];
        for (EventType t : types) {
            for (Protocol p : protocols) {
                Map<String, String> labels = new LinkedHashMap<>(fixed);
                labels.put(EventField.TYPE.key(), t.name());
                labels.put(EventField.PROT.key(), p.name());
                int i = streamIndex(t, p);
                streams[i] = Collections.unmodifiableMap(labels);
                streamJson[i] = toJson(labels);
            }
        }
    }

    private static byte[] toJson(Map<String, String> labels) {
        try {
            return JSON.writeValueAsBytes(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels cannot be written as JSON", e);
        }
    }

    /**
     * The label set: {@code service_name=conntrackd} and {@code host=hostname}, which the user's labels
     * may override, then the user's labels, then {@code type} and {@code prot} per stream.
     *
     * @throws IllegalArgumentException if a user label is invalid or there are too many labels
     */
    public static LokiLabels of(String hostname, Map<String, String> userLabels) {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put(SERVICE_NAME, SERVICE);
        fixed.put(HOST, hostname);
        fixed.putAll(userLabels);
        int total = fixed.size() + LABEL_FIELDS.size();
        if (total > MAX_LABELS) {
            throw new IllegalArgumentException("too many labels: " + total + " with service_name, host, type and"
                    + " prot, but Loki accepts at most " + MAX_LABELS);
        }
        return new LokiLabels(fixed);
    }

    /**
     * Parses user labels given as {@code key=value} items, each of which may itself be a comma-separated
     * list (as in {@code --sink.loki.labels env=prod,team=net}).
     *
     * @throws IllegalArgumentException naming the offending item
     */
    public static Map<String, String> parse(Collection<String> items) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : items) {
            for (String pair : item.split(",")) {
                String p = pair.trim();
                if (!p.isEmpty()) {
                    parsePair(p, labels);
                }
            }
        }
        return labels;
    }

    private static void parsePair(String pair, Map<String, String> labels) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("label \"" + pair + "\" is not key=value");
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        checkName(name);
        if (LABEL_FIELDS.stream().anyMatch(f -> f.key().equals(name))) {
            throw new IllegalArgumentException("label \"" + name + "\" is reserved: it holds the event's "
                    + (name.equals(EventField.TYPE.key()) ? "type" : "protocol"));
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("label \"" + name + "\" has an empty value");
        }
        labels.put(name, value);
    }

    /** Loki's label name rule: {@code [a-zA-Z_][a-zA-Z0-9_]*}, and names starting with {@code __} are internal. */
    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("label name \"" + name + "\" is not valid for Loki (letters, digits"
                    + " and _, not starting with a digit)");
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("label name \"" + name + "\" starts with __, which Loki reserves");
        }
    }

    /** Whether the field is a stream label (and so not repeated as structured metadata). */
    static boolean isLabel(EventField field) {
        return LABEL_FIELDS.contains(field);
    }

    /** How many distinct streams there are; {@link #streamIndex} is below it. */
    int streamCount() {
        return streams.length;
    }

    /** The stream of events of this type and protocol. */
    static int streamIndex(EventType type, Protocol protocol) {
        return type.ordinal() * Protocol.values().length + protocol.ordinal();
    }

    /** The labels of stream {@code index}, in a fixed order. */
    Map<String, String> stream(int index) {
        return streams[index];
    }

    /** The labels of stream {@code index} as the JSON object of a push body's {@code "stream"}. */
    byte[] streamJson(int index) {
        return streamJson[index];
    }
}
