package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MessageCursorTest {

    private final MessageCursor cursor = new MessageCursor();

    @Test
    void walksSeveralMessagesOfOneDatagram() throws Exception {
        byte[] datagram = new NetlinkMessageBuilder()
                .header(0x100, 0x600, 7, 42).nfgenmsg(2)            // message 1: 20 bytes
                .header(Netlink.NLMSG_NOOP, 0)                       // message 2: header only
                .header(0x102, 0).nfgenmsg(10).u8(1, 9)              // message 3: 20 + 8 bytes
                .build();

        cursor.reset(datagram, 0, datagram.length);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.offset()).isZero();
        assertThat(cursor.length()).isEqualTo(20);
        assertThat(cursor.type()).isEqualTo(0x100);
        assertThat(cursor.flags()).isEqualTo(0x600);
        assertThat(cursor.sequence()).isEqualTo(7);
        assertThat(cursor.payloadOffset()).isEqualTo(16);
        assertThat(cursor.payloadLength()).isEqualTo(4);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.type()).isEqualTo(Netlink.NLMSG_NOOP);
        assertThat(cursor.length()).isEqualTo(16);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.offset()).isEqualTo(36);
        assertThat(cursor.length()).isEqualTo(28);
        assertThat(cursor.next()).isFalse();
        assertThat(cursor.next()).isFalse();
    }

    @Test
    void emptyDatagramHasNoMessages() throws Exception {
        assertThat(cursor.reset(new byte[0], 0, 0).next()).isFalse();
    }

    @Test
    void lengthBelowHeaderSizeIsMalformedNotALoop() {
        byte[] datagram = header(0, 0x100); // nlmsg_len 0 would never advance
        cursor.reset(datagram, 0, datagram.length);
        assertThatThrownBy(cursor::next).isInstanceOf(MalformedMessageException.class).hasMessageContaining("nlmsg_len 0");
    }

    @Test
    void lengthBeyondDatagramIsMalformed() {
        byte[] datagram = header(17, 0x100);
        cursor.reset(datagram, 0, datagram.length);
        assertThatThrownBy(cursor::next).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void hugeUnsignedLengthIsMalformed() {
        byte[] datagram = header(0xfffffff0, 0x100); // negative as a Java int
        cursor.reset(datagram, 0, datagram.length);
        assertThatThrownBy(cursor::next).isInstanceOf(MalformedMessageException.class).hasMessageContaining("4294967280");
    }

    @Test
    void trailingBytesShorterThanAHeaderAreMalformed() throws Exception {
        byte[] one = new NetlinkMessageBuilder().header(0x100, 0).build();
        byte[] datagram = new byte[one.length + 8];
        System.arraycopy(one, 0, datagram, 0, one.length);
        cursor.reset(datagram, 0, datagram.length);
        assertThat(cursor.next()).isTrue();
        assertThatThrownBy(cursor::next).isInstanceOf(MalformedMessageException.class).hasMessageContaining("8 bytes");
        assertThat(cursor.next()).isFalse(); // and the cursor stays at the end
    }

    @Test
    void lastMessageMayLackItsPadding() throws Exception {
        byte[] datagram = header(18, 0x100, 2); // 16 + 2 bytes, not padded to 20
        cursor.reset(datagram, 0, datagram.length);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.length()).isEqualTo(18);
        assertThat(cursor.next()).isFalse();
    }

    @Test
    void readsTheErrorCodeOfAnErrorMessage() throws Exception {
        byte[] datagram = new NetlinkMessageBuilder().header(Netlink.NLMSG_ERROR, 0).raw(le(-1)).build();
        cursor.reset(datagram, 0, datagram.length);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.errorCode()).isEqualTo(-1);
    }

    @Test
    void honoursTheRegionItWasGiven() throws Exception {
        byte[] message = new NetlinkMessageBuilder().header(0x100, 0).build();
        byte[] padded = new byte[message.length + 10];
        System.arraycopy(message, 0, padded, 5, message.length);
        cursor.reset(padded, 5, message.length);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.offset()).isEqualTo(5);
        assertThat(cursor.next()).isFalse();
        assertThatThrownBy(() -> cursor.reset(padded, 20, 20)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** An nlmsghdr with an arbitrary nlmsg_len and {@code extra} zero bytes after it. */
    private static byte[] header(int length, int type, int extra) {
        ByteBuffer b = ByteBuffer.allocate(16 + extra).order(ByteOrder.nativeOrder());
        b.putInt(length).putShort((short) type).putShort((short) 0).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] header(int length, int type) {
        return header(length, type, 0);
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
