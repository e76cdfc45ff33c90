package io.conntrackd.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;

import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Cost of the filter per event: one rule of the original's documentation at a time, and the filter
 * step on a batch of 256 events with the original's command-line example or with no rules at all.
 * See docs/performance.md for how to run it and the figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m", "-XX:+UseSerialGC"})
@State(Scope.Benchmark)
public class FilterBenchmark {

    private static final int BATCH = 256;

    private final List<ConntrackEvent> events = events();

    private CamelContext context;
    private FilterProcessor originalExample;
    private FilterProcessor noRules;

    @Setup
    public void setUp() throws FilterRuleException {
        context = new DefaultCamelContext();
        originalExample = new FilterProcessor(FilterRules.compile(List.of(
                "drop destination.address == \"8.8.8.8\"",
                "log protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")",
                "drop any")));
        noRules = new FilterProcessor(FilterRules.none());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        context.close();
    }

    /**
     * One rule on one event: ns per rule per event, including the per-event variable view. A single
     * rule is evaluated exactly once per event, whether it matches or not.
     */
    @Benchmark
    public Rule oneRulePerEvent(OneRule state) {
        return state.rules.decide(state.nextEvent());
    }

    /** One rule of the original's documentation at a time. */
    @State(Scope.Benchmark)
    public static class OneRule {

        /** The expressions of the original's examples. */
        @Param({
                "destination.address == \"8.8.8.8\"",
                "protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")",
                "destination.address == \"10.19.80.100\" && destination.port == 53",
                "event.type == \"NEW\" && protocol == \"TCP\"",
                "is_network(destination.address, \"PRIVATE\") && (destination.port == 22 || destination.port == 23"
                        + " || destination.port == 3389)",
                "destination.port == 80 || destination.port == 443 || in_range(destination.port, 8000, 8999)",
                "in_cidr(destination.address, \"192.168.1.0/24\") || in_cidr(destination.address, \"10.0.0.0/8\")",
                "any"
        })
        public String expression;

        private final List<ConntrackEvent> events = events();
        private FilterRules rules;
        private int next;

        @Setup
        public void setUp() throws FilterRuleException {
            rules = FilterRules.compile(List.of("drop " + expression));
        }

        ConntrackEvent nextEvent() {
            ConntrackEvent event = events.get(next);
            next = (next + 1) % events.size();
            return event;
        }
    }

    /** The filter step on a batch: ns per event, with the original's 3-rule command-line example. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object batchWithOriginalExample() throws Exception {
        return process(originalExample);
    }

    /** The filter step on a batch without rules: what the default route pays when no --filter is given. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object batchWithoutRules() throws Exception {
        return process(noRules);
    }

    private Object process(FilterProcessor filter) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(events);
        filter.process(exchange);
        return exchange.getMessage().getBody();
    }

    /** A mix of TCP and UDP, IPv4 and IPv6 events to public and private destinations. */
    private static List<ConntrackEvent> events() {
        List<ConntrackEvent> out = new ArrayList<>(BATCH);
        String[][] endpoints = {
                {"10.0.0.1", "93.184.216.34"}, {"192.168.1.20", "1.1.1.1"}, {"10.0.0.1", "10.0.0.53"},
                {"2003:cf::1", "2a01:4f8::2"}, {"fd00::1", "fd00::2"}, {"172.16.0.5", "142.250.185.78"}};
        int[] ports = {443, 53, 123, 5353, 8443, 7000};
        for (int i = 0; i < BATCH; i++) {
            String[] e = endpoints[i % endpoints.length];
            Protocol protocol = i % 3 == 0 ? Protocol.UDP : Protocol.TCP;
            EventType type = EventType.values()[i % 3];
            out.add(TestEvents.event(type, protocol, e[0], 30000 + i, e[1], ports[i % ports.length]));
        }
        return List.copyOf(out);
    }
}
