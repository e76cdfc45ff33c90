package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackd.testing.Allocations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control message that NETLINK_LISTEN_ALL_NSID adds to a datagram from another namespace, byte by byte:
 * struct cmsghdr in host byte order (little-endian on x86_64 and aarch64, the platforms we run on).
 */
class ControlMessagesTest {

    /**
     * Captured on this kernel with recvmsg(2): a socket in namespace A, a conntrack event of namespace B,
     * which has id 7 in A (ip -n A netns set B 7). msg_controllen was 24.
     */
    private static final String NSID_7 = "1400000000000000" // cmsg_len 20: CMSG_LEN(sizeof(int))
            + "0e010000"                                     // cmsg_level SOL_NETLINK (270)
            + "08000000"                                     // cmsg_type NETLINK_LISTEN_ALL_NSID (8)
            + "07000000"                                     // the id: 7
            + "00000000";                                    // CMSG_ALIGN padding to 24

    /** A control message of another kind (SOL_SOCKET/SCM_RIGHTS, one fd), padded to 24. */
    private static final String OTHER = "1400000000000000" + "01000000" + "01000000" + "05000000" + "00000000";

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixtures are little-endian");
    }

    @Test
    void readsTheIdTheKernelSent() {
        assertThat(namespaceId(NSID_7)).isEqualTo(7);
        assertThat(namespaceId(NSID_7.replace("07000000", "00000000"))).as("id 0 is an id").isZero();
        assertThat(namespaceId(NSID_7.replace("07000000", "ffffff7f"))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void noControlMessageIsTheOwnNamespace() {
        assertThat(namespaceId("")).isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        assertThat(ControlMessages.namespaceId(bytes(NSID_7), 0, 0)).isEqualTo(Netlink.NSID_NOT_ASSIGNED);
    }

    @Test
    void findsItAfterAnotherControlMessageAndAtAnOffset() {
        assertThat(namespaceId(OTHER + NSID_7)).isEqualTo(7);
        assertThat(namespaceId(OTHER)).isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        ByteBuffer shifted = bytes("ffffffffffffffff" + NSID_7);
        assertThat(ControlMessages.namespaceId(shifted, 8, 24)).isEqualTo(7);
    }

    @Test
    void truncatedOrMalformedControlDataIsNoId() {
        for (int length = 0; length < 20; length++) {
            assertThat(ControlMessages.namespaceId(bytes(NSID_7), 0, length)).as("%d bytes", length)
                    .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        }
        assertThat(ControlMessages.namespaceId(bytes(NSID_7), 0, 20)).as("without the last padding").isEqualTo(7);
        assertThat(namespaceId(NSID_7.replace("1400000000000000", "1000000000000000"))).as("cmsg_len without data")
                .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        assertThat(namespaceId(NSID_7.replace("1400000000000000", "0000000000000000"))).as("cmsg_len 0")
                .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        assertThat(namespaceId(NSID_7.replace("1400000000000000", "ffffffffffffffff"))).as("cmsg_len overruns")
                .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
        assertThat(namespaceId(NSID_7.replace("0e010000", "0f010000"))).as("another level")
                .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
    }

    @Test
    void readingAllocatesNothing() throws Exception {
        ByteBuffer control = ByteBuffer.allocateDirect(48).order(ByteOrder.nativeOrder());
        control.put(bytes(OTHER + NSID_7));
        int[] sum = {0};
        assertThat(Allocations.perCall(100_000, () -> sum[0] += ControlMessages.namespaceId(control, 0, 48)))
                .isZero();
        assertThat(sum[0]).isEqualTo(7 * 200_000);
    }

    private static int namespaceId(String hex) {
        ByteBuffer control = bytes(hex);
        return ControlMessages.namespaceId(control, 0, control.capacity());
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.nativeOrder());
    }
}
