package io.conntrackd.sink.loki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name for the {@code host} label, as Go's os.Hostname (the original's) gives it. */
final class Hostname {

    private Hostname() {
    }

    /** The kernel's hostname (no DNS lookup), or what Java resolves if /proc is not there. */
    static String local() {
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
