package io.conntrackd.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * The two bodies a conntrack exchange can carry: one {@link ConntrackEvent}, or a {@code List} of them
 * (see the consumer's batchSize). Every step of ours accepts both.
 */
public final class EventBodies {

    private EventBodies() {
    }

    /** Calls {@code action} for each event of the message body. */
    public static void forEach(Message message, Consumer<ConntrackEvent> action) throws InvalidPayloadException {
        Object body = message.getBody();
        if (body instanceof ConntrackEvent event) {
            action.accept(event);
        } else if (body instanceof List<?> list) {
            for (Object item : list) {
                action.accept(asEvent(message, item));
            }
        } else {
            throw new InvalidPayloadException(message.getExchange(), ConntrackEvent.class);
        }
    }

    private static ConntrackEvent asEvent(Message message, Object item) throws InvalidPayloadException {
        if (item instanceof ConntrackEvent event) {
            return event;
        }
        throw new InvalidPayloadException(message.getExchange(), ConntrackEvent.class);
    }

    /**
     * Keeps only the events that {@code keep} accepts, in the body's shape: a single event that is not
     * kept leaves a {@code null} body, a list becomes the (immutable) list of kept events.
     *
     * @return how many events remain
     */
    public static int retain(Message message, Predicate<ConntrackEvent> keep) throws InvalidPayloadException {
        Object body = message.getBody();
        if (body instanceof ConntrackEvent event) {
            boolean kept = keep.test(event);
            if (!kept) {
                message.setBody(null);
            }
            return kept ? 1 : 0;
        }
        List<ConntrackEvent> kept = new ArrayList<>();
        forEach(message, event -> {
            if (keep.test(event)) {
                kept.add(event);
            }
        });
        if (kept.size() != ((List<?>) body).size()) {
            message.setBody(List.copyOf(kept));
        }
        return kept.size();
    }

    /**
     * Replaces every event by {@code mapper}'s result, in the body's shape.
     *
     * @return how many events the body holds
     */
    public static int replaceAll(Message message, UnaryOperator<ConntrackEvent> mapper) throws InvalidPayloadException {
        Object body = message.getBody();
        if (body instanceof ConntrackEvent event) {
            message.setBody(mapper.apply(event));
            return 1;
        }
        List<ConntrackEvent> mapped = new ArrayList<>(body instanceof List<?> list ? list.size() : 0);
        forEach(message, event -> mapped.add(mapper.apply(event)));
        message.setBody(List.copyOf(mapped));
        return mapped.size();
    }
}
