package io.conntrackd.geoip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.source.EventFeed;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through the default route's shape (GeoIP step, then a recipient list to two sinks
 * that only consume the body), with and without enrichment. Each invocation routes 256 events: one
 * batch, or 256 single-event exchanges.
 *
 * <p>The events look like a host's traffic: one of four local addresses on one side, one of
 * {@code peers} random remote addresses on the other.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class GeoIpRouteBenchmark {

    private static final int EVENTS_PER_INVOCATION = 256;

    /** Directory with GeoLite2-City.mmdb and GeoLite2-ASN.mmdb; empty: the test databases. */
    @Param("")
    public String dir;

    /** {@code none} (the no-op step), {@code city} or {@code city+asn}. */
    @Param({"none", "city", "city+asn"})
    public String geoip;

    /** Events per exchange: 1 or 256. */
    @Param({"1", "256"})
    public int batchSize;

    /** Distinct remote addresses. */
    @Param({"1024"})
    public int peers;

    /** geoip.cache-size. */
    @Param("16384")
    public int cacheSize;

    private CamelContext context;
    private EventFeed feed;

    @Setup
    public void start(Blackhole blackhole) throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("conntrackdGeoip", step());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").process("conntrackdGeoip").recipientList(constant("direct:a,direct:b"));
                from("direct:a").process(e -> blackhole.consume(e.getMessage().getBody()));
                from("direct:b").process(e -> blackhole.consume(e.getMessage().getBody()));
            }
        });
        context.start();
        feed = new EventFeed(context.createProducerTemplate(), events(16 * EVENTS_PER_INVOCATION), batchSize);
    }

    private Processor step() throws GeoIpDatabaseException {
        if (geoip.equals("none")) {
            return exchange -> { }; // what conntrackd binds without a database
        }
        GeoIpLocator locator = GeoIpLocator.open(BenchmarkDatabases.city(dir),
                geoip.contains("asn") ? BenchmarkDatabases.asn(dir) : null, cacheSize);
        return new GeoIpEnricher(locator, Duration.ZERO);
    }

    private List<ConntrackEvent> events(int count) {
        IpAddress[] remote = BenchmarkDatabases.randomAddresses(peers);
        String[] local = {"192.0.2.10", "192.0.2.11", "2001:db8::10", "2001:db8::11"};
        List<ConntrackEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            IpAddress peer = remote[(int) ((i * 2654435761L) % peers)];
            String self = local[(peer.isIpv4() ? 0 : 2) + (i & 1)];
            events.add(TestEvents.event(EventType.NEW, Protocol.TCP, self, 40000 + (i & 0x3fff), peer.toString(), 443));
        }
        return events;
    }

    @TearDown
    public void stop() throws Exception {
        context.close();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_INVOCATION)
    public void route(CpuPerOperation cpu) {
        cpu.add(EVENTS_PER_INVOCATION);
        feed.send(EVENTS_PER_INVOCATION);
    }
}
