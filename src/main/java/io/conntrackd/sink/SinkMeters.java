package io.conntrackd.sink;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Where a sink registers meters of its own, beside those every sink has ({@link SinkEndpoint#addMeters}).
 * Each meter reads a value from {@code source} when metrics are scraped, so meters add no work per event.
 * The caller tags every meter with the sink's id; {@code tags} are further key-value pairs.
 */
public interface SinkMeters {

    /** A monotonic count. */
    <T> void counter(String name, String description, T source, ToDoubleFunction<T> count, String... tags);

    /** A value that goes up and down. */
    <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags);

    /** How many times something happened and how long it took in total, in seconds. */
    <T> void timer(String name, String description, T source, ToLongFunction<T> count,
                   ToDoubleFunction<T> totalSeconds, String... tags);
}
