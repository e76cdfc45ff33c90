package io.conntrackd.conntrack;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

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
    /** Events delivered, by {@link #kindIndex}: type and protocol. */
    final AtomicLongArray byKind = new AtomicLongArray(KINDS);

    /** How many (type, protocol) pairs there are. */
    static final int KINDS = EventType.values().length * Protocol.values().length;

    /** The slot of a (type, protocol) pair in per-kind counters. */
    static int kindIndex(EventType type, Protocol protocol) {
        return type.ordinal() * Protocol.values().length + protocol.ordinal();
    }

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

    /** Events of this type and protocol handed to the sink; they add up to {@link #eventsDelivered()}. */
    public long eventsDelivered(EventType type, Protocol protocol) {
        return byKind.get(kindIndex(type, protocol));
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
