package io.conntrackd.sink.loki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded entries that go to Loki in one push, grouped by stream in arrival order (which is timestamp
 * order within each stream).
 */
final class PushBatch {

    private static final byte[] OPEN = "{\"streams\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "{\"stream\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = ",\"values\":[".getBytes(StandardCharsets.US_ASCII);
    /** Closes a stream's values and object, and the streams array and body object. */
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final List<List<byte[]>> streams;
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

    void add(int stream, byte[] entry) {
        streams.get(stream).add(entry);
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

    /** When the first entry was added ({@link Ticker#nanoTime()}). */
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

    /** The JSON push body: {@code {"streams":[{"stream":{labels},"values":[entries]}, ...]}}. */
    byte[] body(LokiLabels labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bytes + 1024));
        out.writeBytes(OPEN);
        boolean firstStream = true;
        for (int s = 0; s < streams.size(); s++) {
            List<byte[]> entries = streams.get(s);
            if (entries.isEmpty()) {
                continue;
            }
            if (!firstStream) {
                out.write(',');
            }
            firstStream = false;
            out.writeBytes(STREAM);
            out.writeBytes(labels.streamJson(s));
            out.writeBytes(VALUES);
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(entries.get(i));
            }
            out.writeBytes(CLOSE);
        }
        out.writeBytes(CLOSE);
        return out.toByteArray();
    }
}
