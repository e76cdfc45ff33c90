package io.conntrackd.app.log;

import java.util.List;

import io.conntrackd.conntrack.WallClock;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NormalizedParameters;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger of the daemon's log. Its threshold is kept here (read on every {@code isDebugEnabled()}, so it
 * costs one volatile read) and set by {@link DaemonLoggers} whenever the settings change. Events of SLF4J's
 * fluent API arrive whole ({@link LoggingEventAware}), so their key-value pairs become attributes.
 */
final class DaemonLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;

    private final transient DaemonLoggers loggers;
    private volatile int threshold;

    DaemonLogger(String name, int threshold, DaemonLoggers loggers) {
        this.name = name;
        this.threshold = threshold;
        this.loggers = loggers;
    }

    void threshold(int threshold) {
        this.threshold = threshold;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null; // no caller location in either format
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable error) {
        loggers.write(new LogRecord(WallClock.epochNanos(), level, name,
                MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), error));
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        NormalizedParameters normalized = NormalizedParameters.normalize(event);
        List<KeyValuePair> attributes = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        loggers.write(new LogRecord(WallClock.epochNanos(), event.getLevel(), name,
                MessageFormatter.basicArrayFormat(normalized), attributes, normalized.getThrowable()));
    }
}
