package io.conntrackd.sink.loki;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;

/**
 * Encoded entries that go to Loki in one push, grouped by stream in arrival order (which is timestamp
 * order within each stream), and the tickets of their events, which are settled together once the push
 * is settled.
 */
final class PushBatch {

    private static final byte[] OPEN = "{\"streams\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "{\"stream\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = ",\"values\":[".getBytes(StandardCharsets.US_ASCII);
    /** Closes a stream's values and object, and the streams array and body object. */
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final List<List<byte[]>> streams;
    private final List<EventBatch.Ticket> tickets = new ArrayList<>();
    private final long openedNanos;
    private int lines;
    private long bytes;
    private int attempts;

    PushBatch(int streamCount, long openedNanos) {
        this.streams = new ArrayList<>(streamCount);
        for (int i = 0; i < streamCount; i++) {
            streams.add(new ArrayList<>());
        }
        this.openedNanos = openedNanos;
    }

    void add(int stream, byte[] entry, EventBatch.Ticket ticket) {
        streams.get(stream).add(entry);
        tickets.add(ticket);
        lines++;
        bytes += entry.length;
    }

    /** Entries (events) in the batch. */
    int lines() {
        return lines;
    }

    /** Encoded size of the entries. */
    long bytes() {
        return bytes;
    }

    /** When the first entry was added ({@link io.conntrackd.sink.SinkClock#nanoTime()}). */
    long openedNanos() {
        return openedNanos;
    }

    /** How often a push of this batch was tried. */
    int attempts() {
        return attempts;
    }

    void attempted() {
        attempts++;
    }

    /** Settles the events of every entry alike. */
    void settle(Outcome outcome, String reason) {
        for (EventBatch.Ticket ticket : tickets) {
            ticket.settle(outcome, reason);
        }
    }

    /**
     * The JSON push body, {@code {"streams":[{"stream":{labels},"values":[entries]}, ...]}}, written
     * into an array of the exact size (no growing, no copy: bodies are large).
     */
    byte[] body(LokiLabels labels) {
        byte[] body = new byte[bodySize(labels)];
        int at = put(body, 0, OPEN);
        boolean firstStream = true;
        for (int s = 0; s < streams.size(); s++) {
            List<byte[]> entries = streams.get(s);
            if (entries.isEmpty()) {
                continue;
            }
            if (!firstStream) {
                body[at++] = ',';
            }
            firstStream = false;
            at = put(body, at, STREAM);
            at = put(body, at, labels.streamJson(s));
            at = put(body, at, VALUES);
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    body[at++] = ',';
                }
                at = put(body, at, entries.get(i));
            }
            at = put(body, at, CLOSE);
        }
        put(body, at, CLOSE);
        return body;
    }

    private int bodySize(LokiLabels labels) {
        long size = OPEN.length + CLOSE.length + bytes;
        int nonEmpty = 0;
        for (int s = 0; s < streams.size(); s++) {
            int n = streams.get(s).size();
            if (n > 0) {
                nonEmpty++;
                size += STREAM.length + labels.streamJson(s).length + VALUES.length + CLOSE.length + (n - 1);
            }
        }
        size += Math.max(nonEmpty - 1, 0);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("push body of " + size + " bytes is too large for one array");
        }
        return (int) size;
    }

    private static int put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
        return at + bytes.length;
    }
}
