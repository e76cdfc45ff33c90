package io.conntrackd.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventSource;
import io.conntrackd.support.HealthChecks;
import io.conntrackd.support.StartListener;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;

/**
 * Camel's side of the conntrack source, on two threads: the reader runs a {@link ConntrackReadTask}
 * (receive, decode, hand over), the dispatcher turns what was handed over into exchanges, in batches of
 * what is waiting, and routes them. What it does and lost is one {@link ConntrackConsumerStats} record.
 *
 * <p>While started it has a {@link ConntrackHealthCheck}, which Camel's consumers repository calls as part of
 * its {@code consumer:ROUTE} check and {@link ConntrackHealthCheckRepository} lists as {@code conntrack:ROUTE}
 * (see {@link HealthChecks}).
 */
public class ConntrackConsumer extends DefaultConsumer {

    private final ConntrackEndpoint endpoint;
    private final int batchSize;
    private final long pollMillis;
    private final LongAdder failedEvents = new LongAdder();
    private final LongAdder unroutedEvents = new LongAdder();
    private volatile ConntrackReadTask task;
    private ExecutorService readerThread;
    private ExecutorService dispatcherThread;

    public ConntrackConsumer(ConntrackEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.batchSize = endpoint.getBatchSize();
        this.pollMillis = endpoint.getPollTimeout();
    }

    /** What the consumer is doing and what it lost, now; after a stop, as it was when it stopped. */
    public ConntrackConsumerStats stats() {
        ConntrackReadTask t = task;
        return t == null ? ConntrackConsumerStats.notStarted(failedEvents.sum(), unroutedEvents.sum())
                : t.stats(failedEvents.sum());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // opened here, not on the reader thread, so that a missing privilege or a bad netns fails startup
        EventSource source = endpoint.getComponent().openSource(endpoint.readerOptions());
        ConntrackReadTask t = new ConntrackReadTask(source, endpoint.getQueueCapacity(), pollMillis,
                getExceptionHandler(), unroutedEvents);
        task = t;
        // one named thread each, so that thread dumps and per-thread CPU figures tell them apart
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        readerThread = threads.newSingleThreadExecutor(this, "ConntrackReader");
        dispatcherThread = threads.newSingleThreadExecutor(this, "ConntrackDispatcher");
        readerThread.submit(t);
        dispatcherThread.submit(() -> dispatchLoop(t));
        String id = getRouteId() != null ? getRouteId() : endpoint.getName();
        HealthChecks.forConsumer(this, endpoint.getCamelContext(), endpoint.getComponent(),
                () -> new ConntrackHealthCheck(this, id));
        endpoint.consumerStarted(this);
        StartListener.notifyStarted(endpoint.getCamelContext(), this);
    }

    @Override
    protected void doStop() throws Exception {
        ConntrackReadTask t = task;
        if (t != null) {
            t.stop();
        }
        setHealthCheck(null);
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
            t.discardLeft(); // what the dispatcher did not take in time
        }
        if (t != null) {
            t.close();
        }
        endpoint.consumerStopped(this);
        super.doStop();
    }

    /**
     * Routes what the reader has handed over, one exchange per event or, with batches, one exchange for
     * all the events waiting (up to the batch size): under load, batches grow by themselves.
     */
    private void dispatchLoop(ConntrackReadTask t) {
        List<ConntrackEvent> batch = new ArrayList<>(batchSize);
        while (t.hasMore()) { // a stopping reader may still hand over events
            try {
                if (t.take(batch, batchSize) == 0) {
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

    private static int count(Object body) {
        return body instanceof List<?> list ? list.size() : 1;
    }

    private static long millisUntil(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
