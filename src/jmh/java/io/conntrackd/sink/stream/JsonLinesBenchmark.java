package io.conntrackd.sink.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.TestEvents;
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
    private static final Location BERLIN = new Location("Berlin", "Germany", "DE", 52.5244, 13.4105, 3320,
            "Deutsche Telekom AG");
    private static final Location SYDNEY = new Location("Sydney", "Australia", "AU", -33.8678, 151.2073, 1221,
            "Telstra Limited");

    @Param({"none", "city+asn"})
    public String geoip;

    private List<ConntrackEvent> batch;
    private JsonLinesWriter writer;
    private final SinkStats stats = new SinkStats("stream");

    @Setup
    public void prepare() throws IOException {
        EventType[] types = EventType.values();
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ConntrackEvent event = i % 2 == 0
                    ? TestEvents.event(types[i % 3], Protocol.TCP, "10.0.0." + (i % 250 + 1), 40000 + i,
                            "93.184.216.34", 443)
                    : TestEvents.event(types[i % 3], Protocol.UDP, "2003:cf:1716:7b64:da80:83ff:fecd:" + i, 5353,
                            "2a01:4f8::2", 53);
            batch.add(geoip.equals("none") ? event : event.withLocations(BERLIN, SYDNEY));
        }
        writer = new JsonLinesWriter(OutputStream.nullOutputStream());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void write(CpuPerOperation cpu) throws IOException {
        cpu.add(BATCH);
        writer.write(new EventBatch(batch, stats)); // and settles it, as the sink does
    }
}
