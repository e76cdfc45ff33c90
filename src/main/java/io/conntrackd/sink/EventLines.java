package io.conntrackd.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.support.EventBodies;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes each event's stream JSON line once for all the sinks of a CamelContext that write it (the stream
 * sink's line, Kafka's record value, Loki's log line, syslog's JSON), instead of once per sink.
 *
 * <p>The sinks' producers, which the route calls one after the other for the same exchange, ask it for the
 * exchange's events as {@link QueuedEvent}s: the first call makes them, with each event's line when two or more
 * started sinks write lines of the route's own events ({@link #join}), and the following calls for the same
 * body get the same objects. Every sink's queue thus holds the same line, encoded on the route's thread before
 * any sink needs it: no sink waits for another, and no line is encoded twice, whichever sink is ahead.
 *
 * <p>Why not a field of the event: {@link ConntrackEvent} is a record of the public API, which can hold no
 * field beyond its components; a wrapper in the sinks' queues costs no change to it, and a line lives only
 * while a queue holds its event (the sink's worker lets it go once written, {@link EventBatch#forgetLines}).
 * While one of the sinks lags more than {@value #MAX_LAG} events behind (its destination is slow or down),
 * the route encodes no lines and each sink encodes its own, as a sink alone does: so the lines waiting in
 * queues stay a few MB.
 *
 * <p>Thread-safe: producers may be called from several threads; a QueuedEvent is immutable.
 */
public final class EventLines {

    /** Events a sink that writes lines may have queued for the route to go on encoding them once for all. */
    static final int MAX_LAG = 16_384;

    private static final Logger LOG = LoggerFactory.getLogger(EventLines.class);

    private final List<SinkEndpoint> writers = new CopyOnWriteArrayList<>();
    private final LineEncoder encoder = new LineEncoder();
    private Object lastBody;
    private List<QueuedEvent> lastEvents = List.of();
    private long encodedOnce;
    private long notShared;

    EventLines() {
    }

    /** The lines of the sinks of {@code context}: one per CamelContext, made when a sink first asks. */
    public static EventLines of(CamelContext context) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        synchronized (extension) {
            EventLines lines = extension.getContextPlugin(EventLines.class);
            if (lines == null) {
                lines = new EventLines();
                extension.addContextPlugin(EventLines.class, lines);
            }
            return lines;
        }
    }

    /** A started sink whose writer writes the lines of the route's own events (not events read back from disk). */
    void join(SinkEndpoint sink) {
        writers.add(sink);
    }

    /** The sink stopped. */
    synchronized void leave(SinkEndpoint sink) {
        if (writers.remove(sink) && writers.size() < 2 && encodedOnce + notShared > 0) {
            LOG.debug("Lines of {} events encoded once for all the sinks that write them; {} events passed while a"
                    + " sink lagged, each sink encoding its own", encodedOnce, notShared);
            encodedOnce = 0;
            notShared = 0;
        }
        lastBody = null;
        lastEvents = List.of();
    }

    /**
     * The events of {@code message} as the sinks' queues take them: made at the first call for a body, with
     * their lines when they are worth encoding once for all; the same objects for the following calls.
     */
    synchronized List<QueuedEvent> queued(Message message) throws InvalidPayloadException {
        Object body = message.getBody();
        if (body != lastBody || !holdsTheSameEvents(body)) {
            lastEvents = make(message, sharing());
            lastBody = body;
        }
        return lastEvents;
    }

    private List<QueuedEvent> make(Message message, boolean withLines) throws InvalidPayloadException {
        List<QueuedEvent> events = new ArrayList<>();
        EventBodies.forEach(message, e -> events.add(new QueuedEvent(e, withLines ? encoder.line(e) : null)));
        if (withLines) {
            encodedOnce += events.size();
        } else if (writers.size() > 1) {
            notShared += events.size();
        }
        return events;
    }

    /** Events whose line was encoded once for all the sinks, since two or more started: for tests. */
    synchronized long encodedOnce() {
        return encodedOnce;
    }

    /** Whether the body, the same object as the last one, still holds the same events (a list may have changed). */
    private boolean holdsTheSameEvents(Object body) {
        if (body instanceof ConntrackEvent) {
            return lastEvents.size() == 1 && lastEvents.get(0).event() == body;
        }
        if (!(body instanceof List<?> list) || list.size() != lastEvents.size()) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != lastEvents.get(i).event()) {
                return false;
            }
        }
        return true;
    }

    /** Two or more sinks write lines, and none of them lags far behind. */
    private boolean sharing() {
        if (writers.size() < 2) {
            return false;
        }
        for (SinkEndpoint sink : writers) {
            if (sink.getQueued() >= MAX_LAG) {
                return false;
            }
        }
        return true;
    }
}
