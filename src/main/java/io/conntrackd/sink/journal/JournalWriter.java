package io.conntrackd.sink.journal;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.posix.NativeException;
import io.conntrackd.sink.PartialWriteException;
import io.conntrackd.sink.SinkWriter;

/**
 * Sends each event as one journal entry. A failed send (journald stopped: ECONNREFUSED; its socket
 * gone: ENOENT; not reading for the send timeout: EAGAIN) fails that event only: the next event is
 * sent to the path again, so delivery resumes by itself once journald is back.
 */
final class JournalWriter implements SinkWriter {

    private final JournalSocket socket;
    private final JournalEntryEncoder encoder;

    JournalWriter(JournalSocket socket, JournalEntryEncoder encoder) {
        this.socket = socket;
        this.encoder = encoder;
    }

    @Override
    public void write(List<ConntrackEvent> events) throws PartialWriteException {
        int failed = 0;
        NativeException first = null;
        for (ConntrackEvent event : events) {
            try {
                socket.send(encoder.encode(event));
            } catch (NativeException e) {
                failed++;
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw new PartialWriteException(failed, first);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
