package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.posix.SocketOptions;
import io.conntrackd.testing.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            assertThat(socket.receive(batch)).isZero();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween(80L, 2000L);
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
            assertThat(drain(socket, batch)).as("events from another namespace").isZero();

            ns.udpFlows("127.0.0.1", 3, false);
            assertThat(drain(socket, batch)).as("NEW events of our namespace").isEqualTo(3);
        }
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

    private static int drain(NetlinkSocket socket, DatagramBatch batch) throws IOException {
        int total = 0;
        int n;
        while ((n = socket.receive(batch)) > 0) {
            total += n;
        }
        return total;
    }
}
