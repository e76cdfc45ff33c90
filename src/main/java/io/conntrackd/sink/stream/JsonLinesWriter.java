package io.conntrackd.sink.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.JsonFieldWriter;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkWriter;

/**
 * One JSON object per line, shaped like the original's slog output: {@code time}, {@code level},
 * {@code msg}, then the event's fields. One long-lived generator over a buffer; flushed once per
 * written batch, so bytes reach the file descriptor before the batch is settled as delivered; when a
 * write fails, the worker settles the batch as failed. A line the route encoded once for several sinks
 * ({@link EventBatch#line}) is copied as it is; the others are formatted straight into the buffer.
 */
public final class JsonLinesWriter implements SinkWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final OutputStream out;
    private final JsonGenerator generator;
    private final JsonFieldWriter fields;

    public JsonLinesWriter(OutputStream target) throws IOException {
        this.out = new BufferedOutputStream(target, 64 * 1024);
        this.generator = FACTORY.createGenerator(out);
        this.generator.setRootValueSeparator(null);
        this.generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM); // the stream is flushed once per batch
        this.fields = new JsonFieldWriter(generator);
    }

    @Override
    public void write(EventBatch batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            byte[] line = batch.line(i);
            if (line == null) {
                writeLine(batch.events().get(i));
            } else {
                generator.flush(); // what it formatted before goes first
                out.write(line);
                out.write('\n');
            }
        }
        generator.flush();
        out.flush();
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
