package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.conntrackd.conntrack.ConntrackDecoder;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.posix.SocketOptions;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The socket and namespace mechanics against the real kernel, in fresh namespaces. */
class NetlinkSocketIT {

    private static final int CONNTRACK_GROUPS = 1 | 2 | 4; // NF_NETLINK_CONNTRACK_NEW|UPDATE|DESTROY

    private TestNamespace ns;

    @BeforeEach
    void createNamespace() throws IOException {
        ns = TestNamespace.create();
    }

    @AfterEach
    void deleteNamespace() throws IOException {
        if (ns != null) {
            ns.close();
        }
    }

    private NetlinkSocket open(String netns, int receiveBuffer, Duration timeout) throws IOException {
        return NetlinkSocket.open(new NetlinkSocket.Config(Netlink.NETLINK_NETFILTER, CONNTRACK_GROUPS, receiveBuffer,
                timeout, netns));
    }

    @Test
    void optionsAreSetAsAsked() throws Exception {
        // 32 MiB is above net.core.rmem_max: only SO_RCVBUFFORCE (root) grants it; the kernel reports it doubled
        try (NetlinkSocket socket = open(ns.path(), 32 << 20, Duration.ofMillis(200))) {
            assertThat(socket.receiveBufferSize()).isEqualTo(64 << 20);
            assertThat(SocketOptions.getInt(socket.fd(), Netlink.SOL_NETLINK, Netlink.NETLINK_NO_ENOBUFS, "x"))
                    .isEqualTo(1);
            assertThat(socket.kernelDrops()).isZero();
        }
    }

    @Test
    void receiveReturnsAfterTheTimeoutWhenIdle() throws Exception {
        try (NetlinkSocket socket = open(ns.path(), 1 << 20, Duration.ofMillis(100))) {
            DatagramBatch batch = new DatagramBatch(8, 8192);
            long start = System.nanoTime();
            // a receive that never returns fails the test here
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> socket.receive(batch))).isZero();
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms waited: not non-blocking")
                    .isGreaterThanOrEqualTo(80L);
            assertThat(batch.received()).isZero();
        }
    }

    @Test
    void socketHearsOnlyTheNamespaceItWasCreatedIn() throws Exception {
        Path before = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"));
        try (TestNamespace other = TestNamespace.create();
             NetlinkSocket socket = open(ns.path(), 1 << 20, Duration.ofMillis(100))) {
            // the calling thread did not move
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))).isEqualTo(before);
            DatagramBatch batch = new DatagramBatch(64, 8192);

            other.udpFlows("127.0.0.1", 3, false);
            // our namespace's events come after any the socket might have heard from the other one
            List<Flow> ours = ns.udpFlows("127.0.0.1", 3, false);
            assertThat(receiveFlows(socket, batch, 3)).as("the first events heard: NEW of our namespace's flows")
                    .containsExactlyElementsOf(ours.stream().map(f -> f.sourcePort() + ">" + f.destinationPort())
                            .toList());
        }
    }

    /** The first {@code count} events received, as "source port>destination port"; fails after 10 s. */
    private static List<String> receiveFlows(NetlinkSocket socket, DatagramBatch batch, int count) throws Exception {
        List<String> flows = new ArrayList<>();
        byte[] data = new byte[8192];
        ConntrackDecoder decoder = new ConntrackDecoder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (flows.size() < count) {
            assertThat(System.nanoTime() - deadline).as("events so far: %s", flows).isNegative();
            int n = socket.receive(batch);
            for (int i = 0; i < n; i++) {
                ConntrackEvent e = decoder.decode(data, 0, batch.copyTo(i, data), 0);
                flows.add(e.original().sourcePort() + ">" + e.original().destinationPort());
            }
        }
        return flows;
    }

    @Test
    void oneReceiveTakesManyQueuedDatagrams() throws Exception {
        try (NetlinkSocket socket = open(ns.path(), 1 << 20, Duration.ofMillis(200))) {
            ns.udpFlows("::1", 20, false); // 20 NEW events queue up while nobody reads
            DatagramBatch batch = new DatagramBatch(64, 8192);
            int n = socket.receive(batch);
            assertThat(n).isEqualTo(20);
            byte[] data = new byte[8192];
            MessageCursor cursor = new MessageCursor();
            for (int i = 0; i < n; i++) {
                assertThat(batch.truncated(i)).isFalse();
                int length = batch.copyTo(i, data);
                cursor.reset(data, 0, length);
                assertThat(cursor.next()).isTrue();
                assertThat(cursor.length()).isEqualTo(length); // one event per datagram
                assertThat(cursor.type()).isEqualTo(1 << 8);  // IPCTNL_MSG_CT_NEW of NFNL_SUBSYS_CTNETLINK
            }
        }
    }

    @Test
    void smallSlotsAreFlaggedTruncated() throws Exception {
        try (NetlinkSocket socket = open(ns.path(), 1 << 20, Duration.ofMillis(200))) {
            ns.udpFlows("127.0.0.1", 1, false);
            DatagramBatch batch = new DatagramBatch(4, 64); // a conntrack event needs more
            assertThat(socket.receive(batch)).isEqualTo(1);
            assertThat(batch.truncated(0)).isTrue();
            assertThat(batch.length(0)).isEqualTo(64);
        }
    }

    @Test
    void closedSocketRefusesToReceive() throws Exception {
        NetlinkSocket socket = open(ns.path(), 0, Duration.ofMillis(50));
        socket.close();
        socket.close(); // idempotent
        assertThatThrownBy(() -> socket.receive(new DatagramBatch(1, 8192))).hasMessageContaining("closed");
        assertThatThrownBy(socket::kernelDrops).hasMessageContaining("closed");
    }

    @Test
    void socketWithoutNamespaceOpensInOurOwn() throws Exception {
        try (NetlinkSocket socket = open(null, 0, Duration.ofMillis(50))) {
            assertThat(socket.fd()).isPositive();
            assertThat(socket.receiveBufferSize()).isPositive();
        }
    }

    @Test
    void fileThatIsNotANamespaceIsRejectedByName() {
        assertThatThrownBy(() -> open("/etc/hostname", 0, Duration.ofMillis(50)))
                .hasMessageContaining("/etc/hostname")
                .hasMessageContaining("not a network namespace");
    }
}
