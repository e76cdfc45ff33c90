package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttributeCursorTest {

    private final AttributeCursor top = new AttributeCursor();
    private final AttributeCursor inner = new AttributeCursor();

    @Test
    void readsBigEndianPayloadsAndMasksTypeFlags() throws Exception {
        byte[] attrs = new NetlinkMessageBuilder()
                .u8(1, 0xfe)                                   // u8
                .be16(2, 0xabcd)                               // be16
                .be32(3, 0xfedcba98L)                          // be32, unsigned
                .be64(4, 0x0102030405060708L)                  // be64
                .nest(5)                                       // nested, NLA_F_NESTED set
                .be32(6 | Netlink.NLA_F_NET_BYTEORDER, 7)      //   with NLA_F_NET_BYTEORDER set
                .end()
                .build();

        top.reset(attrs, 0, attrs.length);
        assertThat(top.next()).isTrue();
        assertThat(top.type()).isEqualTo(1);
        assertThat(top.u8()).isEqualTo(0xfe);
        assertThat(top.next()).isTrue();
        assertThat(top.u16()).isEqualTo(0xabcd);
        assertThat(top.next()).isTrue();
        assertThat(top.u32()).isEqualTo(0xfedcba98L);
        assertThat(top.next()).isTrue();
        assertThat(top.u64()).isEqualTo(0x0102030405060708L);
        assertThat(top.next()).isTrue();
        assertThat(top.type()).isEqualTo(5);
        assertThat(top.isNestedFlag()).isTrue();
        inner.enter(top);
        assertThat(inner.next()).isTrue();
        assertThat(inner.type()).isEqualTo(6);
        assertThat(inner.u32()).isEqualTo(7);
        assertThat(inner.next()).isFalse();
        assertThat(top.next()).isFalse();
    }

    @Test
    void zeroLengthAttributeIsMalformedNotAnEndlessLoop() {
        byte[] attrs = attribute(0, 1, 8); // nla_len 0
        top.reset(attrs, 0, attrs.length);
        assertThatThrownBy(top::next).isInstanceOf(MalformedMessageException.class).hasMessageContaining("nla_len 0");
    }

    @Test
    void lengthBelowHeaderIsMalformed() {
        byte[] attrs = attribute(3, 1, 8);
        top.reset(attrs, 0, attrs.length);
        assertThatThrownBy(top::next).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void lengthBeyondTheLevelIsMalformed() {
        byte[] attrs = attribute(16, 1, 8); // 12 bytes in all
        top.reset(attrs, 0, attrs.length);
        assertThatThrownBy(top::next).isInstanceOf(MalformedMessageException.class).hasMessageContaining("12 bytes");
    }

    @Test
    void emptyPayloadAdvances() throws Exception {
        byte[] attrs = new NetlinkMessageBuilder().bytes(1).bytes(2).build(); // two attributes of nla_len 4
        top.reset(attrs, 0, attrs.length);
        assertThat(top.next()).isTrue();
        assertThat(top.payloadLength()).isZero();
        assertThat(top.next()).isTrue();
        assertThat(top.type()).isEqualTo(2);
        assertThat(top.next()).isFalse();
    }

    @Test
    void fewTrailingBytesAreIgnoredLikeTheKernelDoes() throws Exception {
        byte[] attribute = new NetlinkMessageBuilder().u8(1, 1).build(); // 8 bytes with padding
        byte[] attrs = Arrays.copyOf(attribute, 10);                      // + 2 stray bytes
        top.reset(attrs, 0, attrs.length);
        assertThat(top.next()).isTrue();
        assertThat(top.next()).isFalse();
    }

    @Test
    void gettersRequireTheExactPayloadSize() throws Exception {
        byte[] attrs = new NetlinkMessageBuilder().bytes(1, 1, 2, 3).build(); // 3 bytes
        top.reset(attrs, 0, attrs.length);
        assertThat(top.next()).isTrue();
        assertThatThrownBy(top::u8).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(top::u16).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(top::u32).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(top::u64).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("3 bytes of payload, expected 8");
    }

    @Test
    void nestedCursorStaysInsideItsParent() throws Exception {
        // a nested attribute whose inner nla_len claims more than the parent holds
        byte[] attrs = new NetlinkMessageBuilder().nest(1).raw(attribute(40, 2, 4)).end().u8(3, 1).build();
        top.reset(attrs, 0, attrs.length);
        assertThat(top.next()).isTrue();
        inner.enter(top);
        assertThatThrownBy(inner::next).isInstanceOf(MalformedMessageException.class);
        assertThat(top.next()).isTrue(); // the parent level is unaffected
        assertThat(top.type()).isEqualTo(3);
    }

    /** A raw nlattr header with any nla_len, followed by {@code payload} zero bytes. */
    private static byte[] attribute(int length, int type, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload).order(ByteOrder.nativeOrder());
        b.putShort((short) length).putShort((short) type);
        return b.array();
    }
}
