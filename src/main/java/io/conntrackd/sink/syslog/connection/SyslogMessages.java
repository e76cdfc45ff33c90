package io.conntrackd.sink.syslog.connection;

import java.util.List;

/**
 * The formatted messages of one batch, the body that the syslog sink hands to its netty producer; the
 * channel's encoder frames them (stream) or puts each into its own datagram.
 */
record SyslogMessages(List<byte[]> messages) {
}
