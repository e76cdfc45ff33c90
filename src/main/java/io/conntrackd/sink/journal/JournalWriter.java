package io.conntrackd.sink.journal;

import io.conntrackd.posix.NativeException;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkWriter;

/**
 * Sends each event as one journal entry and settles it at once. A failed send (journald stopped:
 * ECONNREFUSED; its socket gone: ENOENT; not reading for the send timeout: EAGAIN) fails that event only:
 * the next event is sent to the path again, so delivery resumes by itself once journald is back.
 */
final class JournalWriter implements SinkWriter {

    private final JournalSocket socket;
    private final JournalEntryEncoder encoder;

    JournalWriter(JournalSocket socket, JournalEntryEncoder encoder) {
        this.socket = socket;
        this.encoder = encoder;
    }

    @Override
    public void write(EventBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                socket.send(encoder.encode(batch.events().get(i)));
                batch.settle(i, Outcome.DELIVERED, null);
            } catch (NativeException e) {
                batch.settle(i, Outcome.FAILED, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
