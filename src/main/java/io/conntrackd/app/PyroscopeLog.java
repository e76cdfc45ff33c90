package io.conntrackd.app;

import java.util.IllegalFormatException;
import java.util.concurrent.TimeUnit;

import io.conntrackd.support.RateLimitedLog;
import io.pyroscope.javaagent.api.Logger;

/**
 * The Pyroscope agent's log, in the daemon's log. The agent reports every failed upload (and each
 * retry) as an error; while a server is down that would be a line every few seconds, so its errors
 * and warnings become at most one WARN line a minute with a count. Its routine messages are debug.
 */
final class PyroscopeLog implements Logger {

    private final org.slf4j.Logger log;
    private final RateLimitedLog problems;

    PyroscopeLog(org.slf4j.Logger log) {
        this.log = log;
        this.problems = new RateLimitedLog(log, 1, TimeUnit.MINUTES);
    }

    @Override
    public void log(Level level, String format, Object... args) {
        switch (level) {
            case ERROR, WARN -> problems.warn(1, "profiler: {} problem(s) with the Pyroscope agent, the last: {}",
                    text(format, args));
            case INFO -> {
                if (log.isDebugEnabled()) {
                    log.debug("profiler: {}", text(format, args));
                }
            }
            default -> {
                if (log.isTraceEnabled()) {
                    log.trace("profiler: {}", text(format, args));
                }
            }
        }
    }

    /** The agent formats with {@link String#format}. */
    private static String text(String format, Object... args) {
        try {
            return String.format(format, args);
        } catch (IllegalFormatException e) {
            return format;
        }
    }
}
