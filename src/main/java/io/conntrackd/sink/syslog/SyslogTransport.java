package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.util.List;

/** Carries formatted syslog messages to the server. Used by the sink's worker thread only. */
interface SyslogTransport extends AutoCloseable {

    /**
     * Sends the messages, each framed or in its own datagram as the transport needs.
     *
     * @throws NotConnectedException the server cannot be reached now and nothing was sent
     * @throws IOException           sending failed; the messages may have been partly delivered
     */
    void send(List<byte[]> messages) throws IOException, InterruptedException;

    @Override
    void close();
}
