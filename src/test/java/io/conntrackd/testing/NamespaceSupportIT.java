package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.TestNamespace.Flow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test support itself: namespaces are unique, isolated, conntrack-active and cleaned up. */
class NamespaceSupportIT {

    @Test
    void createsUniqueNamespacesAndDeletesThem() throws Exception {
        Path path;
        try (TestNamespace a = TestNamespace.create(); TestNamespace b = TestNamespace.create()) {
            assertThat(a.name()).startsWith("ctd-").isNotEqualTo(b.name());
            path = Path.of(a.path());
            assertThat(path).exists();
            assertThat(a.exec("ip", "-o", "link", "show", "lo").stdout()).contains("UP");
            assertThat(a.exec("nft", "list", "ruleset").stdout()).contains("ct state new");
        }
        assertThat(Files.exists(path)).isFalse();
    }

    @Test
    void sysctlsArePerNamespace() throws Exception {
        try (TestNamespace a = TestNamespace.create(); TestNamespace b = TestNamespace.create()) {
            a.enableConntrackAccounting();
            a.enableConntrackTimestamps();
            assertThat(a.exec("sysctl", "-n", "net.netfilter.nf_conntrack_acct").stdout().trim()).isEqualTo("1");
            assertThat(a.exec("sysctl", "-n", "net.netfilter.nf_conntrack_timestamp").stdout().trim()).isEqualTo("1");
            assertThat(b.exec("sysctl", "-n", "net.netfilter.nf_conntrack_acct").stdout().trim()).isEqualTo("0");
            assertThat(b.exec("sysctl", "-n", "net.netfilter.nf_conntrack_timestamp").stdout().trim()).isEqualTo("0");
        }
    }

    @Test
    void trafficHelpersReportTheirFlowsAndConntrackSeesThem() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            List<Flow> tcp = ns.tcpFlows("::1", 1);
            List<Flow> udp = ns.udpFlows("127.0.0.1", 2, true);
            assertThat(tcp).singleElement().satisfies(f -> {
                assertThat(f.protocol()).isEqualTo(Protocol.TCP);
                assertThat(f.source()).isEqualTo("::1");
                assertThat(f.sourcePort()).isPositive().isNotEqualTo(f.destinationPort());
            });
            assertThat(udp).hasSize(2).extracting(Flow::protocol).containsOnly(Protocol.UDP);

            List<KernelEvent> events = monitor.awaitEvents("3 NEW events",
                    k -> k.stream().filter(e -> e.type().equals("new")).count() == 3, Duration.ofSeconds(10));
            assertThat(events).filteredOn(e -> e.type().equals("new")).hasSize(3);
            KernelEvent tcpNew = events.stream().filter(e -> e.protocol() == 6).findFirst().orElseThrow();
            assertThat(tcpNew.family()).isEqualTo(10);
            assertThat(tcpNew.sourcePort()).isEqualTo(tcp.get(0).sourcePort());
            assertThat(tcpNew.state()).isEqualTo("SYN_SENT");
            monitor.stop();
            assertThat(monitor.stderr()).contains("flow events have been shown");
        }
    }
}
