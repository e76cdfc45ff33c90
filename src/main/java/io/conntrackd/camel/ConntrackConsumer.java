package io.conntrackd.camel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.ConntrackReader;
import io.conntrackd.conntrack.ReaderStats;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two threads: the reader only receives, decodes and hands batches over a bounded queue; the
 * dispatcher routes them. A slow route therefore never delays the socket reads until that queue is
 * full, and then the kernel's (large) socket buffer takes the burst and counts what overflows.
 *
 * <p>While started it registers a {@link ConntrackHealthCheck} with Camel's health-check registry, if the
 * application has one (camel-health).
 */
public class ConntrackConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackConsumer.class);

    private final ConntrackEndpoint endpoint;
    private final int batchSize;
    private final long pollMillis;
    private volatile boolean running;
    private ConntrackReader reader;
    private BlockingQueue<Object> handoff;
    private ExecutorService executor;
    private ConntrackHealthCheck healthCheck;
    private final LongAdder failedEvents = new LongAdder();
    private final LongAdder unroutedEvents = new LongAdder();
    private volatile boolean reading;
    private volatile long lastReceiveNanos;
    private volatile String lastError;

    public ConntrackConsumer(ConntrackEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.batchSize = endpoint.getBatchSize();
        this.pollMillis = endpoint.getPollTimeout();
    }

    /** The reader's counters (events, malformed messages, kernel drops), or {@code null} when not started. */
    public ReaderStats getReaderStats() {
        ConntrackReader r = reader;
        return r == null ? null : r.stats();
    }

    /**
     * The kernel's drop count read now (one system call), or the last sampled count when the socket is
     * closed; 0 before the first start. See {@link ConntrackReader#kernelDrops()}.
     */
    public long kernelDrops() {
        ConntrackReader r = reader;
        if (r == null) {
            return 0;
        }
        try {
            return r.kernelDrops();
        } catch (IOException e) {
            return r.stats().kernelDrops();
        }
    }

    /** Whether the netlink socket is open. */
    public boolean isSocketOpen() {
        ConntrackReader r = reader;
        return r != null && r.isOpen();
    }

    /** Whether the reader thread is in its loop. */
    public boolean isReading() {
        return reading;
    }

    /** {@link System#nanoTime()} of the reader's last completed receive (one returns at least every pollTimeout). */
    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    /** The last receive error, or {@code null} if the last receive succeeded. */
    public String lastError() {
        return lastError;
    }

    /** Batches of events waiting between the reader and the route. */
    public int queuedBatches() {
        BlockingQueue<Object> q = handoff;
        return q == null ? 0 : q.size();
    }

    /** Events in exchanges that the route failed on (reported through the consumer's exception handler). */
    public long failedEvents() {
        return failedEvents.sum();
    }

    /** Events received but never routed, because the consumer stopped while they waited. */
    public long unroutedEvents() {
        return unroutedEvents.sum();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // opened here, not on the reader thread, so that a missing privilege or a bad netns fails startup
        reader = ConntrackReader.open(endpoint.readerOptions());
        handoff = new ArrayBlockingQueue<>(Math.max(1, endpoint.getQueueCapacity() / batchSize));
        running = true;
        lastReceiveNanos = System.nanoTime();
        lastError = null;
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ConntrackConsumer", 2);
        executor.submit(this::readLoop);
        executor.submit(this::dispatchLoop);
        String id = getRouteId() != null ? getRouteId() : endpoint.getName();
        healthCheck = HealthChecks.register(getEndpoint().getCamelContext(), () -> new ConntrackHealthCheck(this, id));
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        HealthChecks.unregister(getEndpoint().getCamelContext(), healthCheck);
        healthCheck = null;
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager()
                    .shutdownGraceful(executor, 4 * pollMillis + 1000);
            executor = null;
            countUnrouted();
        }
        if (reader != null) {
            reader.close();
        }
        super.doStop();
    }

    private void readLoop() {
        List<ConntrackEvent> batch = new ArrayList<>(batchSize);
        Consumer<ConntrackEvent> collect = event -> {
            batch.add(event);
            if (batch.size() >= batchSize) {
                handOff(batch);
            }
        };
        reading = true;
        try {
            while (running) {
                try {
                    boolean more = reader.poll(collect);
                    lastReceiveNanos = System.nanoTime();
                    lastError = null;
                    if (!more && !batch.isEmpty()) {
                        handOff(batch);
                    }
                } catch (Exception e) {
                    lastError = e.toString();
                    getExceptionHandler().handleException("Error reading conntrack events", e);
                    sleepQuietly(1000);
                }
            }
            if (!batch.isEmpty()) {
                handOff(batch);
            }
        } finally {
            reading = false;
        }
    }

    private void handOff(List<ConntrackEvent> batch) {
        Object body = batchSize == 1 ? batch.get(0) : List.copyOf(batch);
        batch.clear();
        try {
            while (!handoff.offer(body, pollMillis, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    unroutedEvents.add(count(body));
                    LOG.warn("Stopping: {} conntrack events were not routed", count(body));
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatchLoop() {
        while (running || !handoff.isEmpty()) {
            Object body;
            try {
                body = handoff.poll(pollMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (body != null) {
                route(body);
            }
        }
    }

    private void route(Object body) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(ConntrackConstants.EVENT_COUNT, count(body));
        if (body instanceof ConntrackEvent event) {
            in.setHeader(ConntrackConstants.EVENT_TYPE, event.type().name());
            in.setHeader(ConntrackConstants.PROTOCOL, event.protocol().name());
            in.setHeader(ConntrackConstants.FLOW_ID, event.flowId());
        }
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            failedEvents.add(count(body));
            getExceptionHandler().handleException("Error routing conntrack events", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /** Counts and reports the batches that the dispatcher did not take before it stopped. */
    private void countUnrouted() {
        int left = 0;
        for (Object body; (body = handoff.poll()) != null; ) {
            left += count(body);
        }
        if (left > 0) {
            unroutedEvents.add(left);
            LOG.warn("Stopping: {} conntrack events were not routed", left);
        }
    }

    private static int count(Object body) {
        return body instanceof List<?> list ? list.size() : 1;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
