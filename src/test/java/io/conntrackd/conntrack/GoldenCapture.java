package io.conntrackd.conntrack;

import io.conntrackd.netlink.DatagramBatch;
import io.conntrackd.netlink.Netlink;
import io.conntrackd.netlink.NetlinkSocket;
import io.conntrackd.testing.TestNamespace;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Not a test: captures raw conntrack datagrams from the kernel and prints them as hex, one per
 * line, to (re)create the golden fixtures in src/test/resources/fixtures. Run as root:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.conntrackd.conntrack.GoldenCapture
 * </pre>
 *
 * It makes one TCP connection over 127.0.0.1 and one echoed UDP flow over ::1 in a fresh
 * namespace with accounting and timestamps on, then flushes the table for the DESTROY events.
 */
public final class GoldenCapture {

    private GoldenCapture() {
    }

    public static void main(String[] args) throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ns.enableConntrackAccounting();
            ns.enableConntrackTimestamps();
            try (NetlinkSocket socket = NetlinkSocket.open(new NetlinkSocket.Config(Netlink.NETLINK_NETFILTER, 7,
                    1 << 20, Duration.ofMillis(200), ns.path()))) {
                System.out.println("# flows: " + ns.tcpFlows("127.0.0.1", 1) + " " + ns.udpFlows("::1", 1, true));
                ns.flushConntrack();
                DatagramBatch batch = new DatagramBatch(64, 8192);
                byte[] data = new byte[8192];
                int n;
                while ((n = socket.receive(batch)) > 0) {
                    for (int i = 0; i < n; i++) {
                        int length = batch.copyTo(i, data);
                        System.out.println(HexFormat.of().formatHex(data, 0, length));
                    }
                }
                System.out.println("# kernel drops: " + socket.kernelDrops());
            }
        }
    }
}
