package io.conntrackd.conntrack;

import io.conntrackd.netlink.Netlink;
import io.conntrackd.netlink.NetlinkSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link ConntrackReader} listens.
 *
 * @param eventTypes        event types to subscribe to (kernel multicast groups); at least one
 * @param protocols         protocols to pass on; events of others are counted as ignored
 * @param receiveBufferSize socket receive buffer in bytes; it absorbs bursts, so it matters more
 *                          than anything else against loss (default 32 MiB; above
 *                          net.core.rmem_max only with CAP_NET_ADMIN)
 * @param netns             path of the network namespace to listen in (e.g.
 *                          {@code /var/run/netns/NAME}), or {@code null} for our own
 * @param pollTimeout       how long {@link ConntrackReader#poll} blocks at most, so the caller
 *                          notices a stop request (default 200 ms)
 * @param messagesPerRead   datagrams taken per system call when events are queued (default 64)
 * @param allNamespaces     also hear the namespaces that have an id in the one listened in
 *                          (NETLINK_LISTEN_ALL_NSID, as the original), their events carrying a
 *                          {@link PeerNamespace}; needs CAP_NET_BROADCAST, without which the reader
 *                          warns and hears its own namespace only (default true)
 */
public record ReaderOptions(Set<EventType> eventTypes, Set<Protocol> protocols, int receiveBufferSize,
                            String netns, Duration pollTimeout, int messagesPerRead, boolean allNamespaces) {

    public static final int DEFAULT_RECEIVE_BUFFER_SIZE = 32 << 20;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(200);
    public static final int DEFAULT_MESSAGES_PER_READ = 64;

    public ReaderOptions {
        Objects.requireNonNull(eventTypes, "eventTypes");
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        if (eventTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one event type is needed");
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one protocol is needed");
        }
        if (receiveBufferSize < 0) {
            throw new IllegalArgumentException("receiveBufferSize must not be negative: " + receiveBufferSize);
        }
        if (pollTimeout.compareTo(Duration.ofMillis(1)) < 0 || pollTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("pollTimeout must be between 1 ms and 1 h: " + pollTimeout);
        }
        if (messagesPerRead < 1 || messagesPerRead > 1024) {
            throw new IllegalArgumentException("messagesPerRead must be 1..1024: " + messagesPerRead);
        }
        eventTypes = Set.copyOf(eventTypes);
        protocols = Set.copyOf(protocols);
    }

    /**
     * Every event type and protocol, 32 MiB buffer, own namespace and those with an id in it, 200 ms timeout,
     * 64 per read.
     */
    public static ReaderOptions defaults() {
        return new ReaderOptions(EnumSet.allOf(EventType.class), EnumSet.allOf(Protocol.class),
                DEFAULT_RECEIVE_BUFFER_SIZE, null, DEFAULT_POLL_TIMEOUT, DEFAULT_MESSAGES_PER_READ, true);
    }

    public ReaderOptions withEventTypes(Set<EventType> v) {
        return new ReaderOptions(v, protocols, receiveBufferSize, netns, pollTimeout, messagesPerRead, allNamespaces);
    }

    public ReaderOptions withProtocols(Set<Protocol> v) {
        return new ReaderOptions(eventTypes, v, receiveBufferSize, netns, pollTimeout, messagesPerRead, allNamespaces);
    }

    public ReaderOptions withReceiveBufferSize(int v) {
        return new ReaderOptions(eventTypes, protocols, v, netns, pollTimeout, messagesPerRead, allNamespaces);
    }

    public ReaderOptions withNetns(String v) {
        return new ReaderOptions(eventTypes, protocols, receiveBufferSize, v, pollTimeout, messagesPerRead,
                allNamespaces);
    }

    public ReaderOptions withPollTimeout(Duration v) {
        return new ReaderOptions(eventTypes, protocols, receiveBufferSize, netns, v, messagesPerRead, allNamespaces);
    }

    public ReaderOptions withAllNamespaces(boolean v) {
        return new ReaderOptions(eventTypes, protocols, receiveBufferSize, netns, pollTimeout, messagesPerRead, v);
    }

    /**
     * The netlink socket a reader with these options listens on: conntrack's groups for {@link #eventTypes()}, the
     * receive buffer, the poll timeout as receive timeout, the namespace and whether it hears the others.
     */
    public NetlinkSocket.Config socketConfig() {
        return new NetlinkSocket.Config(Netlink.NETLINK_NETFILTER, groups(), receiveBufferSize, pollTimeout, netns,
                allNamespaces);
    }

    /** The multicast group mask for {@link #eventTypes()} (NF_NETLINK_CONNTRACK_NEW|UPDATE|DESTROY). */
    int groups() {
        int groups = 0;
        for (EventType t : eventTypes) {
            groups |= switch (t) {
                case NEW -> Ctnetlink.NF_NETLINK_CONNTRACK_NEW;
                case UPDATE -> Ctnetlink.NF_NETLINK_CONNTRACK_UPDATE;
                case DESTROY -> Ctnetlink.NF_NETLINK_CONNTRACK_DESTROY;
            };
        }
        return groups;
    }
}
