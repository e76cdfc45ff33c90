package io.conntrackd.conntrack;

import java.util.List;

import org.openjdk.jmh.annotations.Param;

/**
 * A benchmark of what a sink does with a batch of {@value #BATCH} events ({@link BenchmarkEvents}), with or
 * without GeoIP fields ({@code geoip}: {@code none} or {@code city+asn}).
 */
public abstract class EventBatchBenchmark extends PerEventBenchmark {

    /** Events per batch: as many as the route's batches hold at most. */
    protected static final int BATCH = 256;

    @Param({"none", "city+asn"})
    public String geoip;

    /** A new batch of the events for {@code geoip}: for a subclass's set-up. */
    protected final List<ConntrackEvent> events() {
        return BenchmarkEvents.batch(BATCH, geoip);
    }
}
