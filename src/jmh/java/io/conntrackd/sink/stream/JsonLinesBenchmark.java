package io.conntrackd.sink.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventBatchBenchmark;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The stream sink's formatting: {@link JsonLinesWriter} writing a batch of 256 events (TCP/IPv4 and
 * UDP/IPv6, NEW, UPDATE and DESTROY) as JSON lines to a stream that discards them. Time per event.
 * {@code geoip}: {@code none}, or both ends located (city, country, coordinates, AS) as with a City
 * and an ASN database.
 */
public class JsonLinesBenchmark extends EventBatchBenchmark {

    private List<ConntrackEvent> batch;
    private JsonLinesWriter writer;
    private final SinkStats stats = new SinkStats("stream");

    @Setup
    public void prepare() throws IOException {
        batch = events();
        writer = new JsonLinesWriter(OutputStream.nullOutputStream());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write(CpuPerOperation cpu) throws IOException {
        cpu.add(BATCH);
        writer.write(new EventBatch(batch, stats)); // and settles it, as the sink does
    }
}
