package io.conntrackd.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.conntrackd.camel.EventBodies;
import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts events into the sink's bounded queue (never waiting, unless whenFull=BLOCK) and writes them on
 * one worker thread, flushing whenever the queue runs empty.
 */
public class QueuedSinkProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedSinkProducer.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final SinkEndpoint endpoint;
    private final SinkStats stats;
    private final BlockingQueue<ConntrackEvent> queue;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private volatile boolean running;
    private SinkWriter writer;
    private ExecutorService worker;

    public QueuedSinkProducer(SinkEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.stats = endpoint.getStats();
        this.queue = new ArrayBlockingQueue<>(endpoint.getQueueSize());
    }

    /** Events waiting to be written. */
    public int queued() {
        return queue.size();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        EventBodies.forEach(exchange.getMessage(), this::enqueue);
    }

    private void enqueue(ConntrackEvent event) {
        stats.accepted(1);
        if (queue.offer(event)) {
            return;
        }
        if (endpoint.getWhenFull() == SinkEndpoint.WhenFull.BLOCK && running) {
            try {
                queue.put(event);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stats.dropped(1);
        dropLog.warn(1, "{} events dropped by sink {} because its queue ({} events) was full",
                stats.sink(), endpoint.getQueueSize());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        writer = endpoint.createWriter();
        running = true;
        worker = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "ConntrackSink-" + stats.sink());
        worker.submit(this::writeLoop);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (worker != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager()
                    .shutdownGraceful(worker, endpoint.getDrainTimeout() + IDLE_POLL_MILLIS);
            worker = null;
        }
        int left = queue.size();
        if (left > 0) {
            queue.clear();
            stats.dropped(left);
            LOG.warn("Sink {}: {} queued events were not delivered before shutdown", stats.sink(), left);
        }
        if (writer != null) {
            writer.close();
        }
        super.doStop();
    }

    private void writeLoop() {
        List<ConntrackEvent> batch = new ArrayList<>(endpoint.getWriteBatchSize());
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            if (!running && stopDeadline == Long.MAX_VALUE) {
                stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getDrainTimeout());
            }
            if (!running && (queue.isEmpty() || System.nanoTime() - stopDeadline > 0)) {
                finish(stopDeadline);
                return;
            }
            ConntrackEvent first = poll();
            if (first == null) {
                idle();
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, endpoint.getWriteBatchSize() - 1);
            write(batch);
            batch.clear();
        }
    }

    private ConntrackEvent poll() {
        try {
            ConntrackEvent e = queue.poll();
            return e != null || !running ? e : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running = false;
            return null;
        }
    }

    private void write(List<ConntrackEvent> batch) {
        try {
            writer.write(batch);
            if (!writer.reportsOutcomes()) {
                stats.delivered(batch.size());
            }
        } catch (PartialWriteException e) {
            countFailures(batch.size(), e.failed(), e.getMessage());
        } catch (Exception e) {
            countFailures(batch.size(), batch.size(), e.toString());
        }
    }

    private void countFailures(int batchSize, int failed, String reason) {
        if (!writer.reportsOutcomes()) {
            stats.delivered(batchSize - failed);
            stats.failed(failed);
        }
        failLog.warn(failed, "{} events could not be written by sink {}: {}", stats.sink(), reason);
    }

    private void idle() {
        try {
            writer.idle();
        } catch (Exception e) {
            failLog.warn(1, "{} flushes failed in sink {}: {}", stats.sink(), e.toString());
        }
    }

    private void finish(long deadlineNanos) {
        try {
            writer.finish(deadlineNanos);
        } catch (Exception e) {
            LOG.warn("Sink {}: the final flush failed: {}", stats.sink(), e.toString());
        }
    }
}
