package io.conntrackd.sink.loki;

/** Sends one push body to Loki's push API and says how it went; never throws for transport errors. */
interface LokiPusher extends AutoCloseable {

    /** Pushes a JSON body (uncompressed: the pusher applies the content encoding). */
    PushResult push(byte[] jsonBody);

    @Override
    void close();
}
