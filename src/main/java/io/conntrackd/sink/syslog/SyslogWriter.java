package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.PartialWriteException;
import io.conntrackd.support.RateLimitedLog;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.sink.syslog.connection.NotConnectedException;
import io.conntrackd.sink.syslog.connection.SyslogConnection;
import io.conntrackd.sink.syslog.format.SyslogFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a batch of events and sends it. While the server cannot be reached, the batch in hand waits
 * and the writer retries with backoff, so that later events wait in the sink's bounded queue (and only
 * what overflows it is dropped, and counted). A message bigger than a datagram may carry is not sent
 * and counts as failed: cutting it would leave JSON that no receiver can parse.
 */
final class SyslogWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogWriter.class);

    private final SyslogFormatter formatter;
    private final SyslogConnection transport;
    private final int maxDatagramBytes;
    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private final String destination;
    private final RateLimitedLog unreachableLog = new RateLimitedLog(LOG, 60, TimeUnit.SECONDS);
    private int failedAttempts;

    /**
     * @param maxDatagramBytes the largest message a datagram transport may send, or 0 for a stream
     * @param firstDelayMillis first delay before trying an unreachable server again; it doubles per
     *                         failed attempt up to {@code maxDelayMillis}
     */
    SyslogWriter(SyslogFormatter formatter, SyslogConnection transport, int maxDatagramBytes, long firstDelayMillis,
                 long maxDelayMillis, String destination) {
        this.formatter = formatter;
        this.transport = transport;
        this.maxDatagramBytes = maxDatagramBytes;
        this.firstDelayMillis = firstDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.destination = destination;
    }

    @Override
    public void write(List<ConntrackEvent> events) throws Exception {
        List<byte[]> messages = new ArrayList<>(events.size());
        int tooLong = 0;
        for (ConntrackEvent event : events) {
            byte[] message = formatter.format(event);
            if (maxDatagramBytes > 0 && message.length > maxDatagramBytes) {
                tooLong++;
            } else {
                messages.add(message);
            }
        }
        if (!messages.isEmpty()) {
            try {
                sendWhenReachable(messages);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: let the worker loop see it
                throw e;
            }
        }
        if (tooLong > 0) {
            throw new PartialWriteException(tooLong, new IOException(tooLong + " messages were longer than the"
                    + " datagram limit of " + maxDatagramBytes + " bytes (maxDatagramSize)"));
        }
    }

    private void sendWhenReachable(List<byte[]> batch) throws IOException, InterruptedException {
        List<byte[]> messages = batch;
        while (true) {
            try {
                transport.send(messages);
                if (failedAttempts > 0) {
                    failedAttempts = 0;
                    LOG.info("Syslog server {} is reachable again", destination);
                }
                return;
            } catch (NotConnectedException e) {
                messages = messages.subList(e.sent(), messages.size());
                failedAttempts++;
                unreachableLog.warn(1, "{} attempts to reach syslog server {} failed, events wait in the sink's"
                        + " queue: {}", destination, e.getMessage());
                Thread.sleep(Backoff.delayMillis(failedAttempts, firstDelayMillis, maxDelayMillis,
                        ThreadLocalRandom.current().nextDouble()));
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
