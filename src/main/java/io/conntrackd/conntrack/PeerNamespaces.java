package io.conntrackd.conntrack;

import io.conntrackd.netlink.Netlink;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerNamespace} of each namespace id the reader meets, named from /var/run/netns. The names
 * are read again when an id turns up that the last reading did not know (at most once a second, so that
 * the events of a namespace without a name cost no reading each) and when they are older than 30 seconds
 * (ids are reused after a namespace is gone). Reading takes one system call per name, on the reading
 * thread; between readings an event's namespace costs an array lookup. Not thread-safe.
 */
final class PeerNamespaces {

    private static final Logger LOG = LoggerFactory.getLogger(PeerNamespaces.class);
    static final long MIN_RESCAN_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Ids below this are looked up in an array (the kernel hands out the smallest free id); others in a map. */
    private static final int DENSE_IDS = 1024;

    private final Supplier<Map<Integer, String>> names;
    private final PeerNamespace[] dense = new PeerNamespace[DENSE_IDS];
    private final Map<Integer, PeerNamespace> sparse = new HashMap<>();
    private long scannedAt;
    private boolean scanned;

    /** @param names reads the names by id (e.g. {@link io.conntrackd.netlink.NamespaceNames#byId()}) */
    PeerNamespaces(Supplier<Map<Integer, String>> names) {
        this.names = names;
    }

    /**
     * The namespace with id {@code nsid}, or {@code null} for {@link Netlink#NSID_NOT_ASSIGNED} (our own).
     *
     * @param now {@link System#nanoTime()} of the receive, which the reader has anyway (one clock read per
     *            batch of datagrams, not one per datagram)
     */
    PeerNamespace of(int nsid, long now) {
        if (nsid < 0) {
            return null;
        }
        if (!scanned || now - scannedAt >= MAX_AGE_NANOS) {
            scan(now);
        }
        PeerNamespace known = get(nsid);
        if (known == null && now - scannedAt >= MIN_RESCAN_NANOS) {
            scan(now);
            known = get(nsid);
        }
        if (known == null) {
            known = new PeerNamespace(nsid, null); // no name, until the next reading says otherwise
            put(known);
        }
        return known;
    }

    private void scan(long now) {
        Arrays.fill(dense, null);
        sparse.clear();
        Map<Integer, String> byId = names.get();
        byId.forEach((id, name) -> put(new PeerNamespace(id, name)));
        scannedAt = now;
        scanned = true;
        LOG.debug("network namespace names by id: {}", byId);
    }

    private PeerNamespace get(int nsid) {
        return nsid < DENSE_IDS ? dense[nsid] : sparse.get(nsid);
    }

    private void put(PeerNamespace namespace) {
        if (namespace.id() < DENSE_IDS) {
            dense[namespace.id()] = namespace;
        } else {
            sparse.put(namespace.id(), namespace);
        }
    }
}
