package io.conntrackd.app.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J backend, found by SLF4J through {@code META-INF/services} in the daemon's jar only
 * (the library's jar carries no backend: an application keeps its own). It replaced slf4j-simple, which
 * cannot write the original's JSON lines. Logback with a JSON encoder (about 1 MB of jars) or log4j2 with its
 * JSON template layout (over 2 MB) would do it, for two line formats on stderr that a few small classes write.
 */
public final class DaemonLogProvider implements SLF4JServiceProvider {

    private final DaemonLoggers loggers = new DaemonLoggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the loggers start with LogSettings.initial() until the daemon configures them
    }
}
