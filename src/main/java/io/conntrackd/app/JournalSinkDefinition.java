package io.conntrackd.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixDatagramSocket;
import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.journal.JournalSinkComponent;
import io.conntrackd.sink.journal.JournalSinkConfiguration;

/** {@code --sink.journal.*}: one journal entry per event over journald's native protocol. */
final class JournalSinkDefinition extends SinkDefinition<JournalSinkConfiguration> {

    JournalSinkDefinition() {
        super("journal", "conntrack-journal", Settings.SINK_JOURNAL_ENABLE, JournalSinkConfiguration::new,
                Map.of("socketPath", "socket"), Map.of());
    }

    @Override
    SinkComponent component(JournalSinkConfiguration options, Configuration config, Map<String, String> environment) {
        JournalSinkComponent component = new JournalSinkComponent();
        component.setConfiguration(options);
        return component;
    }

    /** Whether journald listens on the socket now: connects to it without sending anything. */
    @Override
    void probe(JournalSinkConfiguration options) throws Exception {
        String socket = options.getSocketPath();
        try {
            UnixDatagramSocket.probe(Path.of(socket));
        } catch (NativeException e) {
            throw new IOException("journald is not listening on " + socket + " (" + e.getMessage() + ")", e);
        }
    }
}
