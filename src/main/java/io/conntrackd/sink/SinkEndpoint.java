package io.conntrackd.sink;

import java.util.List;
import java.util.OptionalLong;

import io.conntrackd.support.HealthChecks;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Plumbing shared by every conntrackd sink: events go into a bounded queue and one worker thread writes
 * them, so a slow or dead destination never holds up the route or the other sinks. The options are the
 * endpoint's {@link SinkConfiguration}.
 *
 * <p>The queue and the worker live from the endpoint's start to its stop. While started, the endpoint
 * registers a {@link SinkHealthCheck} ({@code sink:ID}) with Camel's health-check registry, if the
 * application has one (camel-health); {@link #getSinkId()} tells sinks of the same kind apart.
 */
public abstract class SinkEndpoint extends DefaultEndpoint {

    /** A queue or buffer this full, in percent, makes the sink's health check report it as saturated. */
    protected static final int SATURATED_PERCENT = 90;

    /** What to do with an event when the sink's queue is full. */
    public enum WhenFull {
        /** Count the event as dropped and go on: the route is never delayed (default). */
        DROP,
        /** Wait for room: lossless towards this sink, but delays the route and every other sink. */
        BLOCK
    }

    private final SinkConfiguration configuration;
    private final SinkStats stats;
    private volatile SinkWorker worker;
    private volatile String sinkId;
    private SinkHealthCheck healthCheck;

    /** @param configuration the endpoint's own options, a copy of its component's */
    protected SinkEndpoint(String uri, Component component, String sinkName, SinkConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
        this.stats = new SinkStats(sinkName);
    }

    /** The options of this endpoint; sinks return their own configuration type. */
    public SinkConfiguration getConfiguration() {
        return configuration;
    }

    /** The writer for this endpoint's destination; called once when the endpoint starts. */
    protected abstract SinkWriter createWriter() throws Exception;

    /** What happened to the events sent to this endpoint. */
    public SinkStats getStats() {
        return stats;
    }

    /**
     * A name for this sink, unique in its CamelContext while started: the sink's name ({@code loki}), or
     * for a second started sink of the same kind {@code loki-2}, and so on. Metrics and health checks use it.
     */
    public String getSinkId() {
        String id = sinkId;
        return id != null ? id : stats.sink();
    }

    /** Events waiting in the queue. */
    public int getQueued() {
        SinkWorker w = worker;
        return w == null ? 0 : w.queued();
    }

    /** {@link System#nanoTime()} when the write in progress began; empty when the worker is not writing. */
    public OptionalLong writingSinceNanos() {
        SinkWorker w = worker;
        return w == null ? OptionalLong.empty() : w.writingSinceNanos();
    }

    /**
     * Problems of this sink beyond those of every sink (failing writes, a stuck write, a full queue), for
     * its health check: for example a buffer of the writer that is nearly full. None by default.
     */
    protected List<String> healthProblems() {
        return List.of();
    }

    /**
     * Registers this sink's own meters, beyond those every sink has (events accepted, delivered, failed and
     * dropped, and its queue); called once after the sink started. None by default.
     */
    public void addMeters(SinkMeters meters) {
    }

    /** The started worker; events can be queued only while the endpoint is started. */
    SinkWorker worker() {
        SinkWorker w = worker;
        if (w == null) {
            throw new IllegalStateException("sink " + getSinkId() + " (" + getEndpointBaseUri() + ") is not started");
        }
        return w;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        sinkId = uniqueSinkId();
        SinkWorker w = new SinkWorker(this, createWriter());
        w.start(getCamelContext().getExecutorServiceManager());
        worker = w;
        healthCheck = HealthChecks.register(getCamelContext(), () -> new SinkHealthCheck(this));
    }

    @Override
    protected void doStop() throws Exception {
        HealthChecks.unregister(getCamelContext(), healthCheck);
        healthCheck = null;
        SinkWorker w = worker;
        worker = null;
        if (w != null) {
            w.stop(DrainStart.deadline(getCamelContext(), getDrainTimeout()));
        }
        super.doStop();
    }

    private String uniqueSinkId() {
        CamelContext context = getCamelContext();
        int same = 0;
        for (Endpoint e : context.getEndpoints()) {
            if (e != this && e instanceof SinkEndpoint other && other.worker != null
                    && other.stats.sink().equals(stats.sink())) {
                same++;
            }
        }
        return same == 0 ? stats.sink() : stats.sink() + "-" + (same + 1);
    }

    @Override
    public Producer createProducer() throws Exception {
        return new QueuedSinkProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("the sink " + getEndpointUri() + " only produces");
    }

    @Override
    public boolean isSingleton() {
        return true;
    }

    public int getQueueSize() {
        return configuration.getQueueSize();
    }

    public WhenFull getWhenFull() {
        return configuration.getWhenFull();
    }

    public int getWriteBatchSize() {
        return configuration.getWriteBatchSize();
    }

    public long getDrainTimeout() {
        return configuration.getDrainTimeout();
    }
}
