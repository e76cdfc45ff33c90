package io.conntrackd.sink.syslog;

import java.io.IOException;

import io.conntrackd.conntrack.ConntrackEvent;

/** Turns an event into one syslog message, without transport framing. Not thread-safe. */
public interface SyslogFormatter {

    byte[] format(ConntrackEvent event) throws IOException;
}
