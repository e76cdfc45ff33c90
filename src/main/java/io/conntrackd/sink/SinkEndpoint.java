package io.conntrackd.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import io.conntrackd.support.HealthChecks;
import io.conntrackd.support.StartListener;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Plumbing shared by every conntrackd sink: events go into a bounded queue and one worker thread writes
 * them, so a slow or dead destination never holds up the route or the other sinks. The options are the
 * endpoint's {@link SinkConfiguration}.
 *
 * <p>The queue and the worker live from the endpoint's start to its stop. While started, the endpoint has a
 * {@link SinkHealthCheck} ({@code sink:ID}) in Camel's producers health-check repository, listed when the
 * application turns producer checks on ({@code camel.health.producers-enabled}); {@link #getSinkId()} tells
 * sinks of the same kind apart. For JMX it shows its queue and the events accepted, delivered, failed and
 * dropped as attributes of the endpoint's MBean.
 */
@ManagedResource(description = "A conntrackd sink: its queue, and what happened to the events sent to it")
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
    private volatile DiskBuffer diskBuffer;
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

    /**
     * Whether this sink's writer writes the stream sink's JSON line of each event (or JSON made from it): the
     * route then encodes each line once for all such sinks ({@link EventLines}, {@link EventBatch#line}).
     */
    protected boolean writesLines() {
        return false;
    }

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
    @ManagedAttribute(description = "Events waiting in the sink's queue")
    public int getQueued() {
        SinkWorker w = worker;
        return w == null ? 0 : w.queued();
    }

    @ManagedAttribute(description = "Events handed to the sink")
    public long getAccepted() {
        return stats.accepted();
    }

    @ManagedAttribute(description = "Events the sink's destination took")
    public long getDelivered() {
        return stats.delivered();
    }

    @ManagedAttribute(description = "Events whose delivery was attempted and failed")
    public long getFailed() {
        return stats.failed();
    }

    @ManagedAttribute(description = "Events never attempted: the queue or buffer was full, or shutdown came")
    public long getDropped() {
        return stats.dropped();
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

    /** Registers the meters of the started sink's disk buffer, if it has one, and its own ({@link #addMeters}). */
    public final void registerMeters(SinkMeters meters) {
        DiskBuffer disk = diskBuffer;
        if (disk != null) {
            disk.addMeters(meters);
        }
        addMeters(meters);
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
        DiskBuffer disk = openDiskBuffer(w);
        w.start(getCamelContext().getExecutorServiceManager());
        worker = w;
        if (writesLines() && disk == null) { // a disk buffer's events are read back: no other sink has them
            EventLines.of(getCamelContext()).join(this);
        }
        if (disk != null) {
            disk.start(getCamelContext().getExecutorServiceManager(), this, sinkId,
                    ((BufferedSinkConfiguration) configuration).getBufferSyncInterval());
            diskBuffer = disk;
        }
        healthCheck = HealthChecks.forProducer(getCamelContext(), getComponent(), () -> new SinkHealthCheck(this));
        StartListener.notifyStarted(getCamelContext(), this);
    }

    @Override
    protected void doStop() throws Exception {
        EventLines.of(getCamelContext()).leave(this);
        HealthChecks.removeProducerCheck(getCamelContext(), healthCheck);
        healthCheck = null;
        DiskBuffer disk = diskBuffer;
        if (disk != null) {
            disk.stopFeeding();
        }
        SinkWorker w = worker;
        worker = null;
        try {
            if (w != null) {
                w.stop(DrainStart.deadline(getCamelContext(), getDrainTimeout()));
            }
        } finally {
            diskBuffer = null;
            if (disk != null) {
                disk.close();
            }
        }
        super.doStop();
    }

    /**
     * The disk buffer of a sink whose options ask for one ({@link BufferedSinkConfiguration#isDiskBuffered()}),
     * opened with what a previous run left in it counted as accepted; {@code null} for a sink buffered in memory.
     */
    private DiskBuffer openDiskBuffer(SinkWorker w) throws IOException {
        if (!(configuration instanceof BufferedSinkConfiguration options) || !options.isDiskBuffered()) {
            return null;
        }
        DiskQueue disk;
        try {
            disk = DiskQueue.open(options, sinkId);
        } catch (IOException e) {
            throw new IOException("sink " + sinkId + " cannot open its disk buffer in "
                    + Path.of(options.getBufferDirectory(), sinkId) + ": " + e.getMessage(), e);
        }
        stats.accepted(disk.stats().recordsOnDisk());
        DiskBuffer buffer = new DiskBuffer(disk, options.getBufferMaxBytes(), w, stats, getWriteBatchSize());
        w.releaseTo(buffer);
        return buffer;
    }

    /** The started sink's disk buffer, or {@code null} when its events wait in memory. */
    DiskBuffer diskBuffer() {
        return diskBuffer;
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

    @ManagedAttribute(description = "How many events the sink's queue holds")
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
