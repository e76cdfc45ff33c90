package io.conntrackd.buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.squareup.tape2.QueueFile;
import io.conntrackd.conntrack.AddressCache;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventBatchBenchmark;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.sink.JsonFieldWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The disk buffer's cost per event, the whole way: a batch of 256 events appended and written to the segment
 * (one write), read back, decoded and acknowledged, with a sync (fsync, acknowledged position, deletion of
 * acknowledged segments) every 100 ms as the sink's timer does. Time and CPU per event.
 * <ul>
 *   <li>{@code log}: our {@link DiskLog}, with {@code format} {@code binary} ({@link EventRecords}) or
 *       {@code json} (the stream sink's JSON line, read back as a Jackson tree: a lower bound of decoding it
 *       into an event);</li>
 *   <li>{@code tape}: Square's Tape {@code QueueFile} (2.0.0-beta1), the batch as one element in binary
 *       (one element per event would cost an fsync each: Tape writes through {@code "rwd"}).</li>
 * </ul>
 * {@code geoip}: {@code none}, or both ends located. {@code dir}: where the files go (default: the temp dir).
 */
public class DiskBufferBenchmark extends EventBatchBenchmark {

    private static final long SYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Param({"binary", "json"})
    public String format;

    @Param({""})
    public String dir;

    private List<ConntrackEvent> batch;
    private Path home;
    private DiskLog log;
    private QueueFile tape;
    private RecordWriter<ConntrackEvent> writer;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AddressCache addresses = new AddressCache();
    private final Locations locations = new Locations();
    private final List<Position> ends = new ArrayList<>(BATCH);
    private final ByteBuffer tapeBatch = ByteBuffer.allocate(BATCH * 1024);
    private long lastSync;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        batch = events();
        home = dir.isEmpty() ? Files.createTempDirectory("diskbuffer-bench") : Files.createTempDirectory(Path.of(dir), "bench");
        log = DiskLog.open(home.resolve("log"), 1L << 30, 64L << 20);
        tape = new QueueFile.Builder(home.resolve("tape").toFile()).build();
        writer = format.equals("binary") ? EventRecords::write : jsonWriter();
        lastSync = System.nanoTime();
    }

    @TearDown(Level.Trial)
    public void report() throws IOException {
        LogStats s = log.stats();
        System.out.printf("%nbytes per event: %.1f, syncs: %d%n", s.writtenBytes() / (double) Math.max(1, s.written()),
                s.syncs());
        log.close();
        tape.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void log(CpuPerOperation cpu, Blackhole hole) throws IOException {
        cpu.add(BATCH);
        for (ConntrackEvent e : batch) {
            log.append(e.receivedNanos() / 1_000_000, e, writer);
        }
        log.flush();
        ends.clear();
        log.read(BATCH, (time, payload, end) -> {
            hole.consume(decode(payload));
            ends.add(end);
        });
        log.ack(ends.get(ends.size() - 1), ends.size());
        syncWhenDue();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tape(CpuPerOperation cpu, Blackhole hole) throws IOException {
        cpu.add(BATCH);
        tapeBatch.clear();
        for (ConntrackEvent e : batch) {
            int at = tapeBatch.position();
            tapeBatch.position(at + 2);
            EventRecords.write(e, tapeBatch);
            tapeBatch.putShort(at, (short) (tapeBatch.position() - at - 2));
        }
        tape.add(tapeBatch.array(), 0, tapeBatch.position());
        ByteBuffer element = ByteBuffer.wrap(tape.peek());
        while (element.hasRemaining()) {
            int length = element.getShort();
            hole.consume(EventRecords.read(element.slice(element.position(), length), addresses, locations));
            element.position(element.position() + length);
        }
        tape.remove();
    }

    private Object decode(ByteBuffer payload) {
        if (format.equals("binary")) {
            return EventRecords.read(payload, addresses, locations);
        }
        try {
            return mapper.readTree(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void syncWhenDue() throws IOException {
        long now = System.nanoTime();
        if (now - lastSync >= SYNC_NANOS) {
            log.sync();
            lastSync = now;
        }
    }

    /** The stream sink's JSON object of the event, as the record. */
    private RecordWriter<ConntrackEvent> jsonWriter() throws IOException {
        ByteBufferStream stream = new ByteBufferStream();
        JsonGenerator generator = mapper.getFactory().createGenerator(stream, JsonEncoding.UTF8);
        JsonFieldWriter fields = new JsonFieldWriter(generator);
        return (event, out) -> {
            stream.target = out;
            try {
                fields.writeLogObject(event);
                generator.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** An output stream into the record's buffer. */
    private static final class ByteBufferStream extends OutputStream {
        ByteBuffer target;

        @Override
        public void write(int b) {
            target.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.put(b, off, len);
        }
    }
}
