package io.conntrackd.sink;

import io.conntrackd.support.EventBodies;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Puts the events of an exchange into the sink endpoint's bounded queue, never waiting (unless
 * whenFull=BLOCK), with their lines when the route encodes them once for all sinks ({@link EventLines}),
 * or into its disk buffer (one write per exchange); the endpoint's worker thread writes them. Starting
 * the producer starts the endpoint if nobody has; the queue and the worker stop with the endpoint, not
 * with the producer, so events already queued are written even when the route that sent them stops first.
 */
public class QueuedSinkProducer extends DefaultProducer {

    private final SinkEndpoint endpoint;
    private final EventLines lines;

    public QueuedSinkProducer(SinkEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.lines = EventLines.of(endpoint.getCamelContext());
    }

    /** Events waiting to be written. */
    public int queued() {
        return endpoint.getQueued();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SinkWorker worker = endpoint.worker();
        DiskBuffer disk = endpoint.diskBuffer();
        if (disk == null) {
            worker.offerAll(lines.queued(exchange.getMessage()));
        } else {
            EventBodies.forEach(exchange.getMessage(), disk::offer);
            disk.flush();
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceHelper.startService(endpoint);
    }
}
