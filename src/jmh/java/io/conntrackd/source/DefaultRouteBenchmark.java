package io.conntrackd.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.app.EventDebugLog;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Family;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.Tuple;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.FilterRules;
import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.GeoIpLocator;
import io.conntrackd.geoip.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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

/**
 * The whole default route without the kernel: routes/conntrackd.camel.yaml with the benchmark
 * harness's set-up (three filter rules every event goes through, GeoIP City + ASN on the test
 * databases, the stream sink formatting JSON and discarding it), fed batches of the harness's
 * events (UDP from 256 loopback addresses in turn to 127.0.0.1, NEW and DESTROY). The sink blocks
 * when its queue is full, so the score and the CPU per event include its worker thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class DefaultRouteBenchmark {

    private static final int EVENTS_PER_INVOCATION = 1024;

    /** Events per exchange (the consumer's natural batches at 100k events/s hold about 70). */
    @Param({"1", "64"})
    public int batchSize;

    private CamelContext context;
    private EventFeed feed;

    @Setup
    public void start() throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getPropertiesComponent().addOverrideProperty("conntrackd.sinks",
                "conntrack-stream:discard?whenFull=BLOCK");
        context.getRegistry().bind(FilterProcessor.BEAN_NAME, new FilterProcessor(FilterRules.compile(List.of(
                "drop destination.address == \"8.8.8.8\"",
                "drop protocol == \"TCP\" && destination.port == 22",
                "log is_network(destination.address, \"LOCAL\")"))));
        context.getRegistry().bind(EventDebugLog.BEAN, new EventDebugLog());
        context.getRegistry().bind("conntrackdGeoip", new GeoIpEnricher(
                GeoIpLocator.open(TestDatabases.city(), TestDatabases.asn(), 16384), Duration.ZERO));
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes/conntrackd.camel.yaml"));
        AdviceWith.adviceWith(context, "conntrackd", a -> a.replaceFromWith("direct:events"));
        context.start();
        feed = new EventFeed(context.createProducerTemplate(), events(64 * EVENTS_PER_INVOCATION), batchSize);
    }

    /** Like ctgen's flows: flow i from 127.16.0.1 + i / 256 to 127.0.0.1, port 40000 + i % 256. */
    private static List<ConntrackEvent> events(int count) {
        IpAddress destination = IpAddress.parse("127.0.0.1");
        IpAddress[] sources = new IpAddress[count / 256 + 1];
        for (int a = 0; a < sources.length; a++) {
            sources[a] = IpAddress.of(new byte[] {127, 16, (byte) ((a + 1) >> 8), (byte) (a + 1)});
        }
        List<ConntrackEvent> events = new ArrayList<>(count);
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < count; i++) {
            Tuple original = new Tuple(sources[i / 256], destination, 39999, 40000 + i % 256);
            events.add(ConntrackEvent.builder().type(i % 2 == 0 ? EventType.NEW : EventType.DESTROY)
                    .flowId(i).family(Family.IPV4).protocol(Protocol.UDP).original(original)
                    .reply(original.inverse()).status(8).timeout(30).receivedNanos(now + i * 10_000L).build());
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
