package io.conntrackd.source;

import io.conntrackd.conntrack.EventHandoff;
import io.conntrackd.support.HealthChecks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.ConntrackReader;
import io.conntrackd.conntrack.ReaderStats;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two threads: the reader only receives, decodes and hands the events of each receive over a bounded
 * queue ({@link EventHandoff}); the dispatcher routes them, in batches of what is waiting. A slow route
 * therefore never delays the socket reads until that queue is full, and then the kernel's (large)
 * socket buffer takes the burst and counts what overflows.
 *
 * <p>While started it registers a {@link ConntrackHealthCheck} with Camel's health-check registry, if the
 * application has one (camel-health).
 */
public class ConntrackConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackConsumer.class);
    private static final long RECEIVE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ConntrackEndpoint endpoint;
    private final int batchSize;
    private final long pollMillis;
    private volatile boolean running;
    private ConntrackReader reader;
    private EventHandoff handoff;
    private ExecutorService readerThread;
    private ExecutorService dispatcherThread;
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

    /** Events waiting between the reader and the route. */
    public int queuedEvents() {
        EventHandoff q = handoff;
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
        handoff = new EventHandoff(endpoint.getQueueCapacity());
        running = true;
        reading = true; // before the dispatcher starts, which runs until the reader is done
        lastReceiveNanos = System.nanoTime();
        lastError = null;
        // one named thread each, so that thread dumps and per-thread CPU figures tell them apart
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        readerThread = threads.newSingleThreadExecutor(this, "ConntrackReader");
        dispatcherThread = threads.newSingleThreadExecutor(this, "ConntrackDispatcher");
        readerThread.submit(this::readLoop);
        dispatcherThread.submit(this::dispatchLoop);
        String id = getRouteId() != null ? getRouteId() : endpoint.getName();
        healthCheck = HealthChecks.register(getEndpoint().getCamelContext(), () -> new ConntrackHealthCheck(this, id));
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        HealthChecks.unregister(getEndpoint().getCamelContext(), healthCheck);
        healthCheck = null;
        // the reader stops within a poll; the dispatcher then routes what was handed over, in the time left
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4 * pollMillis + 1000);
        if (readerThread != null) {
            threads.shutdownGraceful(readerThread, millisUntil(deadline));
            readerThread = null;
        }
        if (dispatcherThread != null) {
            threads.shutdownGraceful(dispatcherThread, millisUntil(deadline));
            dispatcherThread = null;
            unrouted(handoff.clear()); // what the dispatcher did not take in time
        }
        if (reader != null) {
            reader.close();
        }
        super.doStop();
    }

    private void readLoop() {
        List<ConntrackEvent> received = new ArrayList<>();
        Consumer<ConntrackEvent> collect = received::add;
        try {
            while (running) {
                readOnce(received, collect);
            }
        } finally {
            reading = false;
        }
    }

    /** Receives once and hands the events over together. */
    private void readOnce(List<ConntrackEvent> received, Consumer<ConntrackEvent> collect) {
        boolean more = true;
        try {
            more = reader.poll(collect);
            lastReceiveNanos = System.nanoTime();
            lastError = null;
        } catch (Exception e) {
            lastError = e.toString();
            getExceptionHandler().handleException("Error reading conntrack events", e);
            sleepQuietly(1000);
        }
        if (received.isEmpty()) {
            return;
        }
        handOff(received);
        received.clear();
        if (!more) {
            // Events trickling in would cost one system call each. Pausing after a partial receive lets
            // the kernel queue them, so the next receive takes many at once; the socket buffer holds
            // far more than can arrive meanwhile.
            LockSupport.parkNanos(RECEIVE_PAUSE_NANOS);
        }
    }

    private void handOff(List<ConntrackEvent> events) {
        try {
            while (!handoff.offerAll(events, pollMillis, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    unrouted(events.size());
                    return;
                }
            }
        } catch (InterruptedException e) {
            unrouted(events.size());
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Routes what the reader has handed over, one exchange per event or, with batches, one exchange for
     * all the events waiting (up to the batch size): under load, batches grow by themselves.
     */
    private void dispatchLoop() {
        List<ConntrackEvent> batch = new ArrayList<>(batchSize);
        while (reading || !handoff.isEmpty()) { // a stopping reader may still hand over events
            try {
                if (handoff.drainTo(batch, batchSize, pollMillis, TimeUnit.MILLISECONDS) == 0) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            route(batchSize == 1 ? batch.get(0) : List.copyOf(batch));
            batch.clear();
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

    /** Counts and reports events received but never routed, because the consumer stopped. */
    private void unrouted(int events) {
        if (events > 0) {
            unroutedEvents.add(events);
            LOG.warn("Stopping: {} conntrack events were not routed", events);
        }
    }

    private static int count(Object body) {
        return body instanceof List<?> list ? list.size() : 1;
    }

    private static long millisUntil(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
