package io.conntrackd.sink.loki;

/** Sends one push body to Loki's push API and says how it went; never throws for transport errors. */
interface LokiPusher extends AutoCloseable {

    /** Pushes a JSON body (uncompressed: the pusher applies the content encoding). */
    PushResult push(byte[] jsonBody);

    /** Releases the connection; may be called from another thread during a push, which then fails at once. */
    @Override
    void close();
}
