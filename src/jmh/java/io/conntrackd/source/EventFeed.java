package io.conntrackd.source;

import java.util.ArrayList;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.ProducerTemplate;

/**
 * Events for a route benchmark, sent to {@code direct:events} in turn as the conntrack consumer would
 * route them: one exchange per event (batch size 1) or per immutable list of {@code batchSize} events.
 */
public final class EventFeed {

    private final ProducerTemplate template;
    private final int batchSize;
    private final List<Object> bodies = new ArrayList<>();
    private int next;

    public EventFeed(ProducerTemplate template, List<ConntrackEvent> events, int batchSize) {
        this.template = template;
        this.batchSize = batchSize;
        for (int i = 0; i < events.size(); i += batchSize) {
            bodies.add(batchSize == 1 ? events.get(i)
                    : List.copyOf(events.subList(i, Math.min(events.size(), i + batchSize))));
        }
    }

    /** Sends the next {@code events} events (a multiple of the batch size), starting over at the end. */
    public void send(int events) {
        for (int sent = 0; sent < events; sent += batchSize) {
            template.sendBody("direct:events", bodies.get(next));
            next = (next + 1) % bodies.size();
        }
    }
}
