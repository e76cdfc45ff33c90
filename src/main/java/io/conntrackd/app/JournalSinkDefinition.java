package io.conntrackd.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.UnixDatagramSocket;

/** {@code --sink.journal.*}: one journal entry per event over journald's native protocol. */
final class JournalSinkDefinition implements SinkDefinition {

    /**
     * An absolute path of characters that pass unescaped through an endpoint URI and through the
     * comma-separated list of sink URIs.
     */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=~-]*");
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public Setting enable() {
        return Settings.SINK_JOURNAL_ENABLE;
    }

    @Override
    public String endpointUri(Configuration config) throws ConfigurationException {
        return "conntrack-journal:" + socket(config);
    }

    /** Whether journald listens on the socket now: connects to it without sending anything. */
    @Override
    public void probe(Configuration config) throws Exception {
        String socket = socket(config);
        try {
            UnixDatagramSocket.probe(Path.of(socket));
        } catch (NativeException e) {
            throw new IOException("journald is not listening on " + socket + " (" + e.getMessage() + ")", e);
        }
    }

    private static String socket(Configuration config) throws ConfigurationException {
        String path = config.string(Settings.SINK_JOURNAL_SOCKET);
        if (!SAFE_PATH.matcher(path).matches() || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw Configuration.invalid(Settings.SINK_JOURNAL_SOCKET, path, config.origin(Settings.SINK_JOURNAL_SOCKET),
                    "an absolute path of at most " + MAX_PATH_BYTES + " bytes made of letters, digits and ._/@+=~-");
        }
        return path;
    }
}
