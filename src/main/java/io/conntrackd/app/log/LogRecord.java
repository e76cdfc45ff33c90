package io.conntrackd.app.log;

import java.util.List;

import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * One thing logged, as the formats need it.
 *
 * @param epochNanos when, in nanoseconds since the epoch
 * @param level      its level
 * @param logger     the logger's name
 * @param message    the message with its arguments filled in
 * @param attributes key-value pairs given with SLF4J's fluent API, in order (may be empty)
 * @param error      the exception logged with it, or {@code null}
 */
record LogRecord(long epochNanos, Level level, String logger, String message, List<KeyValuePair> attributes,
                 Throwable error) {
}
