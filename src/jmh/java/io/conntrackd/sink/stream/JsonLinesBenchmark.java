package io.conntrackd.sink.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.BenchmarkEvents;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stream sink's formatting: {@link JsonLinesWriter} writing a batch of 256 events (TCP/IPv4 and
 * UDP/IPv6, NEW, UPDATE and DESTROY) as JSON lines to a stream that discards them. Time per event.
 * {@code geoip}: {@code none}, or both ends located (city, country, coordinates, AS) as with a City
 * and an ASN database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class JsonLinesBenchmark {

    private static final int BATCH = 256;

    @Param({"none", "city+asn"})
    public String geoip;

    private List<ConntrackEvent> batch;
    private JsonLinesWriter writer;
    private final SinkStats stats = new SinkStats("stream");

    @Setup
    public void prepare() throws IOException {
        batch = BenchmarkEvents.batch(BATCH, geoip);
        writer = new JsonLinesWriter(OutputStream.nullOutputStream());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write(CpuPerOperation cpu) throws IOException {
        cpu.add(BATCH);
        writer.write(new EventBatch(batch, stats)); // and settles it, as the sink does
    }
}
