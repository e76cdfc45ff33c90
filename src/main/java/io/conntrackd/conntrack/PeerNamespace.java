package io.conntrackd.conntrack;

/**
 * The network namespace an event came from, when it is not the listener's own: a socket that listens to
 * every namespace (NETLINK_LISTEN_ALL_NSID) also hears those that have an id in its own.
 *
 * @param id   the namespace's id in the listener's namespace ({@code ip netns list-id}), 0 or more
 * @param name its name under /var/run/netns ({@code ip netns}), or {@code null} when it has none there
 */
public record PeerNamespace(int id, String name) {

    public PeerNamespace {
        if (id < 0) {
            throw new IllegalArgumentException("a namespace id is 0 or more, not " + id);
        }
    }
}
