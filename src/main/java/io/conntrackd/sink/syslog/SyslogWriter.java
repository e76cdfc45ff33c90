package io.conntrackd.sink.syslog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.sink.syslog.connection.NotConnectedException;
import io.conntrackd.sink.syslog.connection.SyslogConnection;
import io.conntrackd.sink.syslog.format.SyslogFormatter;
import io.conntrackd.support.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a batch of events and sends it. While the server cannot be reached, the batch in hand waits
 * and the writer retries with backoff, so that later events wait in the sink's bounded queue (and only
 * what overflows it is dropped, and counted). A message bigger than a datagram may carry is not sent
 * and fails: cutting it would leave JSON that no receiver can parse. The batch is settled as delivered
 * once the transport took it; when sending fails, the worker settles it as failed.
 */
final class SyslogWriter implements SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogWriter.class);

    private final SyslogFormatter formatter;
    private final SyslogConnection transport;
    private final int maxDatagramBytes;
    private final Backoff reconnect;
    private final SinkClock clock;
    private final String destination;
    private final RateLimitedLog unreachableLog = new RateLimitedLog(LOG, 60, TimeUnit.SECONDS);
    private int failedAttempts;

    /**
     * @param maxDatagramBytes the largest message a datagram transport may send, or 0 for a stream
     * @param reconnect        how long to wait before trying an unreachable server again
     */
    SyslogWriter(SyslogFormatter formatter, SyslogConnection transport, int maxDatagramBytes, Backoff reconnect,
                 SinkClock clock, String destination) {
        this.formatter = formatter;
        this.transport = transport;
        this.maxDatagramBytes = maxDatagramBytes;
        this.reconnect = reconnect;
        this.clock = clock;
        this.destination = destination;
    }

    @Override
    public void write(EventBatch batch) throws Exception {
        List<EventBatch.Ticket> tooLong = new ArrayList<>();
        try {
            List<byte[]> messages = format(batch, tooLong);
            if (!messages.isEmpty()) {
                sendWhenReachable(messages);
            }
            batch.settleRemaining(Outcome.DELIVERED, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: let the worker loop see it
            throw e;
        } finally {
            // last, so that the sink counts as failing until a write succeeds entirely
            String reason = "the message is longer than the datagram limit of " + maxDatagramBytes
                    + " bytes (maxDatagramSize)";
            for (EventBatch.Ticket ticket : tooLong) {
                ticket.settle(Outcome.FAILED, reason);
            }
        }
    }

    /** The messages to send; the events whose message is too long for a datagram are taken into {@code tooLong}. */
    private List<byte[]> format(EventBatch batch, List<EventBatch.Ticket> tooLong) throws IOException {
        List<byte[]> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            byte[] message = formatter.format(batch.events().get(i), batch.line(i));
            if (maxDatagramBytes > 0 && message.length > maxDatagramBytes) {
                tooLong.add(batch.take(i));
            } else {
                messages.add(message);
            }
        }
        return messages;
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
                clock.sleep(reconnect.delayNanos(failedAttempts));
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
