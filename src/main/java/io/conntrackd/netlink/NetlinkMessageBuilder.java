package io.conntrackd.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writer of netlink messages, field by field: the tests' readable byte fixtures, the synthetic events of the
 * start-up training run ({@code io.conntrackd.conntrack.TrainingEvents}) and the requests of {@link NamespaceIds}:
 *
 * <pre>
 * byte[] m = new NetlinkMessageBuilder()
 *     .header(0x100, NLM_F_CREATE | NLM_F_EXCL)  // nlmsghdr: type, flags (len patched on end)
 *     .nfgenmsg(AF_INET)                         // nfgenmsg: family, version 0, res_id 0
 *     .nest(1)                                   //   CTA_TUPLE_ORIG
 *        .nest(1).bytes(1, 127, 0, 0, 1).end()   //     CTA_TUPLE_IP { CTA_IP_V4_SRC }
 *     .end()
 *     .build();
 * </pre>
 *
 * Headers are host-endian, payloads of the typed attribute writers big-endian (but {@link #hostU32}), padding 4.
 */
public final class NetlinkMessageBuilder {

    private ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> open = new ArrayDeque<>(); // start offsets of nlmsghdr and nested attributes
    private int messageStart = -1;

    /** Starts a message: nlmsghdr with len (patched by {@link #end()}/{@link #build()}), type, flags, seq 0, pid 0. */
    public NetlinkMessageBuilder header(int type, int flags) {
        return header(type, flags, 0, 0);
    }

    public NetlinkMessageBuilder header(int type, int flags, int seq, int pid) {
        finishMessage();
        align();
        messageStart = out.position();
        ensure(16);
        out.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
        return this;
    }

    /** struct nfgenmsg: u8 family, u8 version (NFNETLINK_V0), be16 res_id. */
    public NetlinkMessageBuilder nfgenmsg(int family) {
        ensure(4);
        out.put((byte) family).put((byte) 0).putShort((short) 0);
        return this;
    }

    /** struct rtgenmsg: u8 family, padded to 4 as rtnetlink expects. */
    public NetlinkMessageBuilder rtgenmsg(int family) {
        ensure(Netlink.SIZEOF_RTGENMSG_ALIGNED);
        out.put((byte) family).put((byte) 0).putShort((short) 0);
        return this;
    }

    /** Opens a nested attribute flagged NLA_F_NESTED, as current kernels send them. */
    public NetlinkMessageBuilder nest(int type) {
        return nest(type, true);
    }

    public NetlinkMessageBuilder nest(int type, boolean nestedFlag) {
        align();
        open.push(out.position());
        ensure(4);
        out.putShort((short) 0).putShort((short) (type | (nestedFlag ? Netlink.NLA_F_NESTED : 0)));
        return this;
    }

    /** Closes the innermost nested attribute, patching its nla_len. */
    public NetlinkMessageBuilder end() {
        int start = open.pop();
        out.putShort(start, (short) (out.position() - start));
        return this;
    }

    /** An attribute with a raw payload (addresses, odd sizes for malformed fixtures). */
    public NetlinkMessageBuilder bytes(int type, int... payload) {
        byte[] b = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            b[i] = (byte) payload[i];
        }
        return attribute(type, b);
    }

    public NetlinkMessageBuilder attribute(int type, byte[] payload) {
        align();
        ensure(4 + payload.length + 3);
        out.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
        return this;
    }

    public NetlinkMessageBuilder u8(int type, int v) {
        return attribute(type, new byte[] {(byte) v});
    }

    /** A u32 attribute in host byte order, as rtnetlink's (e.g. NETNSA_FD). */
    public NetlinkMessageBuilder hostU32(int type, int v) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    public NetlinkMessageBuilder be16(int type, int v) {
        return attribute(type, ByteBuffer.allocate(2).putShort((short) v).array());
    }

    public NetlinkMessageBuilder be32(int type, long v) {
        return attribute(type, ByteBuffer.allocate(4).putInt((int) v).array());
    }

    public NetlinkMessageBuilder be64(int type, long v) {
        return attribute(type, ByteBuffer.allocate(8).putLong(v).array());
    }

    /** Appends raw bytes (e.g. a header with a wrong length). */
    public NetlinkMessageBuilder raw(byte... bytes) {
        ensure(bytes.length);
        out.put(bytes);
        return this;
    }

    /** The bytes so far, with the open message's nlmsg_len patched and padded to 4. */
    public byte[] build() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " nested attributes still open");
        }
        finishMessage();
        align();
        return Arrays.copyOf(out.array(), out.position());
    }

    private void finishMessage() {
        if (messageStart >= 0) {
            align();
            out.putInt(messageStart, out.position() - messageStart);
            messageStart = -1;
        }
    }

    private void align() {
        int pad = Netlink.align(out.position()) - out.position();
        ensure(pad);
        for (int i = 0; i < pad; i++) {
            out.put((byte) 0);
        }
    }

    private void ensure(int n) {
        if (out.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n))
                    .order(ByteOrder.nativeOrder());
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }
}
