package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The RTM_GETNSID request, byte for byte. NamespaceIdsIT asks a real kernel with it. */
class NamespaceIdsTest {

    @Test
    void theRequestIsHeaderRtgenmsgAndTheFdAttributeInHostOrder() {
        // laid out field by field as the request was written before the builder made it
        ByteBuffer expected = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        expected.putInt(28);                                // nlmsg_len
        expected.putShort((short) Netlink.RTM_GETNSID);     // nlmsg_type
        expected.putShort((short) Netlink.NLM_F_REQUEST);   // nlmsg_flags
        expected.putInt(0x01020304);                        // nlmsg_seq
        expected.putInt(0);                                 // nlmsg_pid
        expected.putInt(0);                                 // rtgen_family AF_UNSPEC, padding
        expected.putShort((short) 8);                       // nla_len
        expected.putShort((short) Netlink.NETNSA_FD);       // nla_type
        expected.putInt(0x0a0b0c0d);                        // the namespace's file descriptor

        assertThat(NamespaceIds.request(0x01020304, 0x0a0b0c0d)).containsExactly(expected.array());
    }
}
