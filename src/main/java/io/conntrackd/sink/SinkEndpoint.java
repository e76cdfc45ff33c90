package io.conntrackd.sink;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Options and plumbing shared by every conntrackd sink: events go into a bounded queue and one worker
 * thread writes them, so a slow or dead destination never holds up the route or the other sinks.
 */
public abstract class SinkEndpoint extends DefaultEndpoint {

    /** What to do with an event when the sink's queue is full. */
    public enum WhenFull {
        /** Count the event as dropped and go on: the route is never delayed (default). */
        DROP,
        /** Wait for room: lossless towards this sink, but delays the route and every other sink. */
        BLOCK
    }

    @UriParam(label = "queue", defaultValue = "100000",
              description = "How many events may wait for this sink. Bursts beyond it are handled by whenFull.")
    private int queueSize = 100_000;

    @UriParam(label = "queue", defaultValue = "DROP", enums = "DROP,BLOCK",
              description = "When the queue is full: DROP counts the event as dropped and goes on (never delays"
                            + " the route or other sinks); BLOCK waits for room.")
    private WhenFull whenFull = WhenFull.DROP;

    @UriParam(label = "queue", defaultValue = "1024",
              description = "At most this many queued events are written in one go.")
    private int writeBatchSize = 1024;

    @UriParam(label = "queue", defaultValue = "1000",
              description = "On shutdown, how long to keep writing queued events, in milliseconds; what is left"
                            + " after it is counted as dropped and logged.")
    private long drainTimeout = 1000;

    private final SinkStats stats;

    protected SinkEndpoint(String uri, Component component, String sinkName) {
        super(uri, component);
        this.stats = new SinkStats(sinkName);
    }

    /** The writer for this endpoint's destination; called once when the producer starts. */
    protected abstract SinkWriter createWriter() throws Exception;

    /** What happened to the events sent to this endpoint. */
    public SinkStats getStats() {
        return stats;
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
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public WhenFull getWhenFull() {
        return whenFull;
    }

    public void setWhenFull(WhenFull whenFull) {
        this.whenFull = whenFull;
    }

    public int getWriteBatchSize() {
        return writeBatchSize;
    }

    public void setWriteBatchSize(int writeBatchSize) {
        this.writeBatchSize = writeBatchSize;
    }

    public long getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(long drainTimeout) {
        this.drainTimeout = drainTimeout;
    }
}
