package io.conntrackd.geoip;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.support.EventBodies;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Tuple;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel processor that sets the GeoIP locations of each event's original source and destination
 * ({@link ConntrackEvent#withLocations}); a side the databases do not know gets {@code null}. The
 * body may be one event or a batch (see {@link EventBodies}).
 *
 * <p>While started, it checks every {@code reloadInterval} whether a database file was replaced on
 * disk and swaps the new one in ({@link GeoIpLocator#reloadIfChanged()}). The check runs on a thread
 * of its own rather than one from Camel's ExecutorServiceManager, because Camel hands no CamelContext
 * to a processor referenced from a route. When the CamelContext shuts down the databases are closed.
 *
 * <pre>
 * GeoIpLocator locator = GeoIpLocator.open(Path.of("GeoLite2-City.mmdb"), null, 4096);
 * from("conntrack:events").process(new GeoIpEnricher(locator, Duration.ofMinutes(1))).to(...);
 * </pre>
 */
public final class GeoIpEnricher extends ServiceSupport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(GeoIpEnricher.class);

    private final GeoIpLocator locator;
    private final Duration reloadInterval;
    private final LongAdder enriched = new LongAdder();
    private ScheduledExecutorService reloader;

    /**
     * @param locator        the databases; closed when this processor shuts down
     * @param reloadInterval how often to look for a replaced database file; zero: never
     */
    public GeoIpEnricher(GeoIpLocator locator, Duration reloadInterval) {
        this.locator = locator;
        this.reloadInterval = reloadInterval;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        enriched.add(EventBodies.replaceAll(exchange.getMessage(), this::enrich));
    }

    /** Events this processor looked up (whether or not the databases knew their addresses). */
    public long enriched() {
        return enriched.sum();
    }

    /** The databases. */
    public GeoIpLocator locator() {
        return locator;
    }

    /** The event with the locations of its original source and destination. */
    public ConntrackEvent enrich(ConntrackEvent event) {
        Tuple t = event.original();
        return event.withLocations(locator.locate(t.source()), locator.locate(t.destination()));
    }

    @Override
    protected void doStart() {
        if (reloadInterval.isZero() || reloadInterval.isNegative()) {
            return;
        }
        reloader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "conntrackd-geoip-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = reloadInterval.toMillis();
        reloader.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void reload() {
        try {
            locator.reloadIfChanged();
        } catch (RuntimeException e) {
            // an exception would cancel the schedule: report it and try again next time
            LOG.warn("GeoIP database reload check failed: {}", e.toString());
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (reloader != null) {
            reloader.shutdownNow();
            reloader.awaitTermination(5, TimeUnit.SECONDS);
            reloader = null;
        }
    }

    @Override
    protected void doShutdown() {
        locator.close();
    }
}
