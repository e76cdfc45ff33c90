package io.conntrackd.sink.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.JsonFieldWriter;
import io.conntrackd.sink.LineEncoder;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkWriter;

/**
 * One JSON object per line, shaped like the original's slog output: {@code time}, {@code level},
 * {@code msg}, then the event's fields. One long-lived generator over a buffer; flushed once per
 * written batch, so bytes reach the file descriptor before the batch is settled as delivered; when a
 * write fails, the worker settles the batch as failed.
 *
 * <p>When another sink writes the same lines (Kafka, Loki), each line comes from the {@link LineEncoder},
 * which encodes it once for all of them; alone, the writer formats straight into its buffer, allocating
 * nothing per event.
 */
public final class JsonLinesWriter implements SinkWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final OutputStream out;
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;
    private final LineEncoder lines;

    public JsonLinesWriter(OutputStream target) throws IOException {
        this(target, new LineEncoder());
    }

    /** @param lines the lines shared with the route's other sinks */
    public JsonLinesWriter(OutputStream target, LineEncoder lines) throws IOException {
        this.out = new BufferedOutputStream(target, 64 * 1024);
        this.generator = FACTORY.createGenerator(out);
        this.generator.setRootValueSeparator(null);
        this.fields = new JsonFieldWriter(generator);
        this.lines = lines;
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        if (lines.isShared()) {
            for (ConntrackEvent event : batch.events()) {
                out.write(lines.line(event));
                out.write('\n');
            }
            out.flush();
        } else {
            for (ConntrackEvent event : batch.events()) {
                writeLine(event);
            }
            generator.flush();
        }
        batch.settleRemaining(Outcome.DELIVERED, null);
    }

    private void writeLine(ConntrackEvent event) throws IOException {
        fields.writeLogObject(event);
        generator.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        generator.flush();
        out.flush();
    }
}
