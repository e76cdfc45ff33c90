package io.conntrackd.observe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.filter.Rule;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkMeters;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.source.ConntrackConsumer;
import io.conntrackd.source.ConntrackConsumerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * conntrackd's meters (docs/metrics.md), read from the counters the parts keep anyway: each conntrack
 * consumer's {@link ConntrackConsumerStats}, the filter's rule counts, the GeoIP enricher's, each sink's
 * {@link SinkStats} and the meters a sink adds of its own ({@link SinkEndpoint#addMeters}). Every meter is
 * a function of those counters, evaluated when Prometheus scrapes, so metrics add no work per event.
 *
 * <p>One instance per CamelContext ({@link #of}). {@link #bindNew()} registers the meters of the parts found in
 * the CamelContext that have none yet; {@link AutoMeters} calls it as conntrackd's consumers and sinks start
 * and when the context has started, so an application with a meter registry in Camel's registry needs no
 * call of its own.
 */
public final class ConntrackdMeters {

    private final CamelContext context;
    private final MeterRegistry registry;
    private final Set<String> boundRoutes = new HashSet<>();
    private final Set<SinkEndpoint> boundSinks = new HashSet<>();
    private final Set<Object> boundBeans = new HashSet<>();
    /** Objects the function meters read; Micrometer holds them only weakly. */
    private final List<Object> sources = new ArrayList<>();

    private ConntrackdMeters(CamelContext context, MeterRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    /**
     * The meters of {@code context}, created with {@code registry} the first time; they are bound again when the
     * context has started, for the parts that only exist by then (the filter, the GeoIP step).
     */
    public static ConntrackdMeters of(CamelContext context, MeterRegistry registry) {
        synchronized (context) {
            ConntrackdMeters meters = context.getCamelContextExtension().getContextPlugin(ConntrackdMeters.class);
            if (meters == null) {
                ConntrackdMeters created = new ConntrackdMeters(context, registry);
                context.getCamelContextExtension().addContextPlugin(ConntrackdMeters.class, created);
                context.addLifecycleStrategy(new LifecycleStrategySupport() {
                    @Override
                    public void onContextStarted(CamelContext started) {
                        created.bindNew();
                    }
                });
                meters = created;
            }
            return meters;
        }
    }

    /** Registers meters for the conntrack consumers, sinks, filter and GeoIP step that have none yet. */
    public synchronized void bindNew() {
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof ConntrackConsumer && boundRoutes.add(route.getRouteId())) {
                bindReader(new RouteReader(context, route.getRouteId()));
            }
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof SinkEndpoint sink && sink.isStarted()) {
                bindSink(sink);
            }
        }
        for (FilterProcessor filter : context.getRegistry().findByType(FilterProcessor.class)) {
            if (boundBeans.add(filter)) {
                bindFilter(filter);
            }
        }
        for (GeoIpEnricher geoip : context.getRegistry().findByType(GeoIpEnricher.class)) {
            if (boundBeans.add(geoip)) {
                bindGeoIp(geoip);
            }
        }
    }

    /** The consumer of a route, looked up at each scrape: a reloaded route has a new one. */
    private record RouteReader(CamelContext context, String routeId) {

        double stat(ToDoubleFunction<ConntrackConsumerStats> f) {
            Route route = context.getRoute(routeId);
            return route != null && route.getConsumer() instanceof ConntrackConsumer c ? f.applyAsDouble(c.stats()) : 0;
        }
    }

    private void bindReader(RouteReader reader) {
        sources.add(reader);
        Tags route = Tags.of("route", reader.routeId());
        for (EventType type : EventType.values()) {
            for (Protocol protocol : Protocol.values()) {
                counter("conntrackd.events.received", "Events received from the kernel and handed to the route",
                        route.and("type", type.name(), "protocol", protocol.name()), reader,
                        r -> r.stat(s -> s.reader().eventsDelivered(type, protocol)));
            }
        }
        counter("conntrackd.kernel.drops", "Events the kernel dropped because the netlink receive buffer was full",
                route, reader, r -> r.stat(ConntrackConsumerStats::kernelDrops));
        counter("conntrackd.netlink.malformed", "Netlink messages or datagrams that could not be decoded", route,
                reader, r -> r.stat(s -> s.reader().malformed()));
        counter("conntrackd.netlink.ignored",
                "Netlink messages not passed on (other protocols, unwanted types, control messages)", route, reader,
                r -> r.stat(s -> s.reader().ignored()));
        counter("conntrackd.netlink.overruns", "Receives that reported an overrun of the receive buffer (ENOBUFS)",
                route, reader, r -> r.stat(s -> s.reader().enobufs()));
        counter("conntrackd.route.failed", "Events in exchanges the route failed on", route, reader,
                r -> r.stat(ConntrackConsumerStats::failed));
        counter("conntrackd.route.unrouted", "Events received but not routed because the consumer stopped", route,
                reader, r -> r.stat(ConntrackConsumerStats::unrouted));
        gauge("conntrackd.route.queue.events", "Events waiting between the reader and the route", route,
                reader, r -> r.stat(ConntrackConsumerStats::queued));
    }

    /** Registers the meters of a sink that is started or starting, unless it has them. */
    synchronized void bindSink(SinkEndpoint sink) {
        if (!boundSinks.add(sink)) {
            return;
        }
        Tags tags = Tags.of("sink", sink.getSinkId());
        SinkStats stats = sink.getStats();
        counter("conntrackd.sink.accepted", "Events handed to the sink", tags, stats, SinkStats::accepted);
        counter("conntrackd.sink.delivered", "Events the sink's destination took", tags, stats, SinkStats::delivered);
        counter("conntrackd.sink.failed", "Events whose delivery was attempted and failed", tags, stats,
                SinkStats::failed);
        counter("conntrackd.sink.dropped", "Events never attempted: the queue or buffer was full, or shutdown came",
                tags, stats, SinkStats::dropped);
        gauge("conntrackd.sink.queue.events", "Events waiting in the sink's queue", tags, sink,
                SinkEndpoint::getQueued);
        gauge("conntrackd.sink.queue.capacity.events", "How many events the sink's queue holds", tags, sink,
                SinkEndpoint::getQueueSize);
        sink.registerMeters(new TaggedSinkMeters(tags));
    }

    /** A sink's own meters, tagged with the sink's id. */
    private final class TaggedSinkMeters implements SinkMeters {

        private final Tags sink;

        TaggedSinkMeters(Tags sink) {
            this.sink = sink;
        }

        @Override
        public <T> void counter(String name, String description, T source, ToDoubleFunction<T> count,
                                String... tags) {
            ConntrackdMeters.this.counter(name, description, sink.and(tags), source, count);
        }

        @Override
        public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
            ConntrackdMeters.this.gauge(name, description, sink.and(tags), source, value);
        }

        @Override
        public <T> void timer(String name, String description, T source, ToLongFunction<T> count,
                              ToDoubleFunction<T> totalSeconds, String... tags) {
            sources.add(source);
            FunctionTimer.builder(name, source, count, totalSeconds, TimeUnit.SECONDS).description(description)
                    .tags(sink.and(tags)).register(registry);
        }
    }

    private void bindFilter(FilterProcessor filter) {
        counter("conntrackd.filter.passed", "Events the filter rules passed on", Tags.empty(), filter,
                FilterProcessor::logged);
        counter("conntrackd.filter.dropped", "Events a drop rule removed", Tags.empty(), filter,
                FilterProcessor::dropped);
        for (Rule rule : filter.rules().rules()) {
            Tags tags = Tags.of("rule", Integer.toString(rule.position()), "action",
                    rule.action().name().toLowerCase(Locale.ROOT));
            counter("conntrackd.filter.rule.matches", "Events a rule matched (first match decides)", tags, rule,
                    Rule::matched);
            counter("conntrackd.filter.rule.errors", "Events a rule failed to evaluate on (it did not match them)",
                    tags, rule, Rule::errors);
        }
    }

    private void bindGeoIp(GeoIpEnricher geoip) {
        counter("conntrackd.geoip.enriched", "Events the GeoIP step looked up", Tags.empty(), geoip,
                GeoIpEnricher::enriched);
        counter("conntrackd.geoip.lookups.failed", "GeoIP lookups that failed (the event went on without location)",
                Tags.empty(), geoip, g -> g.locator().failedLookups());
    }

    private <T> void counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> f) {
        sources.add(source);
        FunctionCounter.builder(name, source, f).description(description).tags(tags).register(registry);
    }

    private <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> f) {
        Gauge.builder(name, source, f).description(description).tags(tags).strongReference(true).register(registry);
    }
}
