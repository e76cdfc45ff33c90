package io.conntrackd.source;

import io.conntrackd.conntrack.ReaderStats;

/**
 * What a conntrack consumer is doing and what it lost, read at one moment, for its health check and
 * metrics. Every event the kernel emitted was received ({@code reader.eventsDelivered()}) or dropped by
 * the kernel ({@code kernelDrops}); every received event was routed, or failed in the route, or was left
 * unrouted at stop, or is still queued.
 *
 * @param reading          whether the reader thread is in its loop
 * @param socketOpen       whether the netlink socket is open
 * @param lastReceiveNanos {@link System#nanoTime()} of the reader's last completed receive (one returns at
 *                         least every pollTimeout)
 * @param lastError        the last receive error, or {@code null} if the last receive succeeded
 * @param queued           events waiting between the reader and the route
 * @param failed           events in exchanges that the route failed on (reported through the consumer's
 *                         exception handler)
 * @param unrouted         events received but never routed, because the consumer stopped while they waited
 * @param kernelDrops      events the kernel dropped because the socket's receive buffer was full, read now
 *                         (the last sampled count once the socket is closed)
 * @param reader           the reader's counters: events received by type and protocol, malformed and
 *                         ignored messages, overruns
 */
public record ConntrackConsumerStats(boolean reading, boolean socketOpen, long lastReceiveNanos, String lastError,
                                     int queued, long failed, long unrouted, long kernelDrops, ReaderStats reader) {

    /** A consumer that has not started: nothing read, nothing lost but what earlier runs lost. */
    static ConntrackConsumerStats notStarted(long failed, long unrouted) {
        return new ConntrackConsumerStats(false, false, 0, null, 0, failed, unrouted, 0, new ReaderStats());
    }
}
