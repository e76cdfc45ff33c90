package io.conntrackd.geoip;

import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups per second of one address ({@link GeoIpLocator#locate}), cycling through a pool of distinct
 * addresses: a small pool is the hot-address case (a host's own addresses, its busy peers), a large
 * one the worst case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class GeoIpLookupBenchmark {

    /** Directory with GeoLite2-City.mmdb and GeoLite2-ASN.mmdb; empty: the test databases. */
    @Param("")
    public String dir;

    /** {@code city} or {@code city+asn}. */
    @Param({"city", "city+asn"})
    public String databases;

    /** Distinct addresses cycled through (a power of two). */
    @Param({"256", "65536"})
    public int addresses;

    /** Addresses whose answers are kept (geoip.cache-size); 0 shows what the cache saves. */
    @Param({"0", "16384"})
    public int cacheSize;

    private GeoIpLocator locator;
    private IpAddress[] pool;
    private int next;

    @Setup
    public void open() throws GeoIpDatabaseException {
        locator = GeoIpLocator.open(BenchmarkDatabases.city(dir),
                databases.contains("asn") ? BenchmarkDatabases.asn(dir) : null, cacheSize);
        pool = BenchmarkDatabases.randomAddresses(addresses);
    }

    @TearDown
    public void close() {
        locator.close();
    }

    @Benchmark
    public Location locate(CpuPerOperation cpu) {
        cpu.add(1);
        return locator.locate(pool[next++ & (pool.length - 1)]);
    }
}
