package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.netlink.Netlink;
import io.conntrackd.testing.Allocations;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Names by namespace id, read again when needed and no more often than that. */
class PeerNamespacesTest {

    private final Map<Integer, String> directory = new HashMap<>(Map.of(7, "web", 2000, "far"));
    private int scans;
    private long now = TimeUnit.HOURS.toNanos(1);
    private final PeerNamespaces namespaces = new PeerNamespaces(() -> {
        scans++;
        return Map.copyOf(directory);
    });

    @Test
    void ourOwnNamespaceHasNone() {
        assertThat(namespaces.of(Netlink.NSID_NOT_ASSIGNED, now)).isNull();
        assertThat(scans).isZero();
    }

    @Test
    void anIdIsNamedFromTheDirectoryAndKept() {
        assertThat(namespaces.of(7, now)).isEqualTo(new PeerNamespace(7, "web"));
        assertThat(namespaces.of(2000, now)).isEqualTo(new PeerNamespace(2000, "far"));
        assertThat(namespaces.of(7, now)).isSameAs(namespaces.of(7, now));
        assertThat(scans).isEqualTo(1);
    }

    @Test
    void anUnknownIdIsLookedUpAgainAtMostOnceASecond() {
        namespaces.of(7, now);
        directory.put(3, "new");
        assertThat(namespaces.of(3, now)).as("within a second of the last reading")
                .isEqualTo(new PeerNamespace(3, null));
        assertThat(namespaces.of(3, now)).isEqualTo(new PeerNamespace(3, null));
        assertThat(scans).isEqualTo(1);

        now += PeerNamespaces.MIN_RESCAN_NANOS;
        assertThat(namespaces.of(4, now)).as("unknown after a second: read again")
                .isEqualTo(new PeerNamespace(4, null));
        assertThat(scans).isEqualTo(2);
        assertThat(namespaces.of(3, now)).as("named by that reading").isEqualTo(new PeerNamespace(3, "new"));
        assertThat(scans).isEqualTo(2);
    }

    @Test
    void namesAreReadAgainWhenOld() {
        namespaces.of(7, now);
        directory.put(7, "reused");
        now += PeerNamespaces.MAX_AGE_NANOS - 1;
        assertThat(namespaces.of(7, now).name()).isEqualTo("web");
        now += 1;
        assertThat(namespaces.of(7, now).name()).isEqualTo("reused");
        assertThat(scans).isEqualTo(2);
    }

    @Test
    void aKnownIdCostsNoAllocation() throws Exception {
        namespaces.of(7, now);
        namespaces.of(2000, now);
        assertThat(Allocations.perCall(100_000, () -> {
            namespaces.of(7, now);
            namespaces.of(Netlink.NSID_NOT_ASSIGNED, now);
        })).isZero();
    }
}
