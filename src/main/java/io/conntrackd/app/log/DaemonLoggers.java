package io.conntrackd.app.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loggers of the daemon's log and the settings they follow. Every line goes to stderr (the stream in
 * {@link System#err} at the time, as slf4j-simple did), UTF-8 encoded, in one write, so that lines of
 * different threads never interleave.
 */
public final class DaemonLoggers implements ILoggerFactory {

    private final ConcurrentMap<String, DaemonLogger> loggers = new ConcurrentHashMap<>();
    private volatile LogSettings settings = LogSettings.initial();

    /**
     * Applies {@code settings} to every logger, those that exist and those to come. Does nothing when
     * SLF4J is bound to another backend (a test or a tool that brings its own): the daemon then logs
     * through that one, as configured there.
     */
    public static void configure(LogSettings settings) {
        if (LoggerFactory.getILoggerFactory() instanceof DaemonLoggers ours) {
            ours.apply(settings);
        }
    }

    @Override
    public Logger getLogger(String name) {
        DaemonLogger logger = loggers.get(name);
        return logger != null ? logger : create(name);
    }

    private synchronized DaemonLogger create(String name) {
        return loggers.computeIfAbsent(name, n -> new DaemonLogger(n, settings.thresholdOf(n), this));
    }

    /** Synchronized with {@link #create}, so that no logger is created with the settings being replaced. */
    synchronized void apply(LogSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        loggers.forEach((name, logger) -> logger.threshold(settings.thresholdOf(name)));
    }

    void write(LogRecord record) {
        byte[] line = settings.format().render(record).getBytes(StandardCharsets.UTF_8);
        PrintStream err = System.err;
        synchronized (this) {
            err.write(line, 0, line.length);
            err.flush();
        }
    }
}
