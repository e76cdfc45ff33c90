package io.conntrackd.conntrack;

import io.conntrackd.netlink.MalformedMessageException;
import io.conntrackd.netlink.MessageCursor;
import io.conntrackd.netlink.Netlink;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes every netlink message of one received datagram, hands the wanted events to a sink and
 * counts what it saw. Kept apart from the socket so it can be tested on byte fixtures. Counts
 * accumulate in plain fields (one thread) and are published to {@link ReaderStats} in bulk.
 */
final class DatagramHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackReader.class);
    private static final int DUMP_LIMIT = 256; // bytes of a bad message shown in the DEBUG log

    private final ConntrackDecoder decoder;
    private final MessageCursor cursor = new MessageCursor();
    long messages;
    long delivered;
    long malformed;
    long ignored;
    final long[] byKind = new long[ReaderStats.KINDS];

    DatagramHandler(ConntrackDecoder decoder) {
        this.decoder = decoder;
    }

    /** Decodes {@code length} bytes of {@code data}; malformed input is counted, never thrown. */
    void handle(byte[] data, int length, long receivedNanos, Consumer<? super ConntrackEvent> sink) {
        handle(data, length, receivedNanos, null, sink);
    }

    /** {@link #handle(byte[], int, long, Consumer)} for a datagram from {@code namespace} ({@code null}: ours). */
    void handle(byte[] data, int length, long receivedNanos, PeerNamespace namespace,
                Consumer<? super ConntrackEvent> sink) {
        try {
            for (cursor.reset(data, 0, length); cursor.next(); ) {
                messages++;
                int type = cursor.type();
                if (type < Netlink.NLMSG_MIN_TYPE) {
                    ignored++;
                    if (control(type)) {
                        continue;
                    }
                    break; // NLMSG_DONE ends a multipart datagram
                }
                ConntrackEvent event;
                try {
                    event = decoder.decode(cursor, receivedNanos, namespace);
                } catch (MalformedMessageException e) {
                    malformed++;
                    debugDump(e, data, cursor.offset(), cursor.length());
                    continue; // the framing is intact: the next message may be fine
                }
                if (event == null) {
                    ignored++;
                } else {
                    delivered++;
                    byKind[ReaderStats.kindIndex(event.type(), event.protocol())]++;
                    sink.accept(event);
                }
            }
        } catch (MalformedMessageException e) {
            malformed++; // the netlink framing itself is broken: the rest of the datagram is unusable
            debugDump(e, data, 0, length);
        }
    }

    /** A datagram that did not fit its receive slot. */
    void truncated(int length) {
        malformed++;
        LOG.debug("dropped a netlink datagram larger than the {} byte receive slot", length);
    }

    /** Handles a netlink control message; returns whether to go on with the datagram. */
    private boolean control(int type) {
        switch (type) {
            case Netlink.NLMSG_NOOP:
                return true;
            case Netlink.NLMSG_DONE:
                return false;
            case Netlink.NLMSG_ERROR:
                if (LOG.isDebugEnabled()) {
                    String code;
                    try {
                        code = Integer.toString(cursor.errorCode());
                    } catch (MalformedMessageException e) {
                        code = "missing";
                    }
                    LOG.debug("netlink error message received, error {}", code);
                }
                return true;
            case Netlink.NLMSG_OVERRUN:
                LOG.debug("netlink overrun message received");
                return true;
            default:
                LOG.debug("reserved netlink message type {} ignored", type);
                return true;
        }
    }

    private static void debugDump(MalformedMessageException e, byte[] data, int offset, int length) {
        if (LOG.isDebugEnabled()) {
            int shown = Math.min(length, DUMP_LIMIT);
            LOG.debug("malformed conntrack message ({}), {} bytes: {}{}", e.getMessage(), length,
                    HexFormat.of().formatHex(data, offset, offset + shown), shown < length ? "..." : "");
        }
    }

    /** Adds the counts since the last flush to {@code stats} and starts counting from zero. */
    void flushTo(ReaderStats stats) {
        if (messages != 0) {
            stats.messages.addAndGet(messages);
        }
        if (delivered != 0) {
            stats.delivered.addAndGet(delivered);
        }
        if (malformed != 0) {
            stats.malformed.addAndGet(malformed);
        }
        if (ignored != 0) {
            stats.ignored.addAndGet(ignored);
        }
        for (int i = 0; i < byKind.length; i++) {
            if (byKind[i] != 0) {
                stats.byKind.addAndGet(i, byKind[i]);
                byKind[i] = 0;
            }
        }
        messages = delivered = malformed = ignored = 0;
    }
}
