package io.conntrackd.conntrack;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a {@link ConntrackReader}, readable from any thread (metrics, health checks).
 * The reader updates them once per poll, not once per event.
 */
public final class ReaderStats {

    final AtomicLong datagrams = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong enobufs = new AtomicLong();
    final AtomicLong kernelDrops = new AtomicLong();

    /** Datagrams received from the socket. */
    public long datagramsReceived() {
        return datagrams.get();
    }

    /** Netlink messages received (a datagram may hold several). */
    public long messagesReceived() {
        return messages.get();
    }

    /** Events handed to the sink. */
    public long eventsDelivered() {
        return delivered.get();
    }

    /** Messages that could not be decoded (logged at DEBUG) and truncated datagrams. */
    public long malformed() {
        return malformed.get();
    }

    /** Messages not passed on: other protocols (ICMP, ...), unwanted types, netlink control messages. */
    public long ignored() {
        return ignored.get();
    }

    /** Receive calls that failed with ENOBUFS (the kernel overran the socket). */
    public long enobufs() {
        return enobufs.get();
    }

    /**
     * Events the kernel dropped because the receive buffer was full (SO_MEMINFO), as last sampled;
     * the reader samples about once a second, {@link ConntrackReader#kernelDrops()} samples now.
     */
    public long kernelDrops() {
        return kernelDrops.get();
    }

    @Override
    public String toString() {
        return "datagrams=" + datagramsReceived() + " messages=" + messagesReceived() + " delivered="
                + eventsDelivered() + " malformed=" + malformed() + " ignored=" + ignored() + " enobufs="
                + enobufs() + " kernelDrops=" + kernelDrops();
    }
}
