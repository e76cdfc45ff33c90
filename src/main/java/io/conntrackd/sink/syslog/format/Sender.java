package io.conntrackd.sink.syslog.format;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who sends the messages: the HOSTNAME, APP-NAME and PROCID header fields.
 *
 * @param hostname the host's name, or empty if unknown
 * @param appName  the program's name, {@code conntrackd}
 * @param pid      the process id
 */
public record Sender(String hostname, String appName, long pid) {

    public static final String DEFAULT_APP_NAME = "conntrackd";

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /** This process, with the given app name and the kernel's host name. */
    public static Sender thisProcess(String appName) {
        return new Sender(systemHostname(), appName, ProcessHandle.current().pid());
    }

    /**
     * The kernel's host name, as syslog daemons use it for local messages; read without a DNS lookup,
     * which could stall startup.
     */
    public static String systemHostname() {
        try {
            return Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "";
            }
        }
    }
}
