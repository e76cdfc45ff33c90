package io.conntrackd.support;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name (for the host label or header of a sink), as Go's os.Hostname (the original's) gives it. */
public final class Hostname {

    private Hostname() {
    }

    /** The kernel's hostname (no DNS lookup), or what Java resolves if /proc is not there. */
    public static String local() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
