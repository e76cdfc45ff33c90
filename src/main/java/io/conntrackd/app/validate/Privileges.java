package io.conntrackd.app.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether this process holds the capabilities that {@code run} needs, from the effective set the kernel shows
 * in {@code /proc/self/status} ({@code CapEff}): what the kernel checks, whether the process runs as root, as
 * a user with ambient capabilities (the systemd unit) or in a container.
 */
public final class Privileges {

    private static final Path STATUS = Path.of("/proc/self/status");

    /** Capabilities that {@code run} may need, with their bit numbers (linux/capability.h). */
    public enum Capability {
        /** Receiving the conntrack events of other network namespaces (NETLINK_LISTEN_ALL_NSID). */
        NET_BROADCAST(11, "add CAP_NET_BROADCAST as the systemd unit does (docs/operations.md#privileges), or listen"
                + " to one namespace only with netlink.all-namespaces false"),
        /** Subscribing to the conntrack groups; forcing the receive buffer beyond net.core.rmem_max. */
        NET_ADMIN(12, "run as root, or grant CAP_NET_ADMIN as the systemd unit does (docs/operations.md#privileges)"),
        /** Entering another network namespace (setns) for {@code netlink.netns}. */
        SYS_ADMIN(21, "add CAP_SYS_ADMIN (docs/operations.md#privileges), or run conntrackd inside the namespace"
                + " (ip netns exec NAME conntrackd run) without netlink.netns");

        private final int bit;
        private final String hint;

        Capability(int bit, String hint) {
            this.bit = bit;
            this.hint = hint;
        }

        /** How to grant it. */
        public String hint() {
            return hint;
        }

        /** {@code CAP_NET_ADMIN}, ... */
        public String capName() {
            return "CAP_" + name();
        }

        /** The check's id: {@code privileges.net-admin}, ... */
        String checkId() {
            return "privileges." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean in(long set) {
            return (set >>> bit & 1) == 1;
        }
    }

    /**
     * A capability that the configuration needs.
     *
     * @param why       what it is needed for, e.g. {@code needed to subscribe to conntrack events}
     * @param ifMissing {@code ERROR} when {@code run} fails without it, {@code WARNING} when it runs with less
     */
    public record Need(Capability capability, String why, Status ifMissing) {
    }

    private Privileges() {
    }

    /** One check per need, against this process's effective capabilities. */
    public static List<Check> check(List<Need> needs) {
        if (needs.isEmpty()) {
            return List.of(Check.ok("privileges", "none needed: no route reads conntrack events"));
        }
        try {
            return check(effective(Files.readString(STATUS)), needs);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(Check.error("privileges", "cannot read the effective capabilities from " + STATUS + ": "
                    + e.getMessage(), "run conntrackd validate on Linux with /proc mounted"));
        }
    }

    /** One check per need, against the effective set {@code effective}. */
    static List<Check> check(long effective, List<Need> needs) {
        List<Check> checks = new ArrayList<>();
        for (Need need : needs) {
            Capability c = need.capability();
            checks.add(c.in(effective)
                    ? Check.ok(c.checkId(), c.capName() + " is held: " + need.why())
                    : new Check(c.checkId(), need.ifMissing(), c.capName() + " is not held (effective capabilities "
                            + hex(effective) + "): " + need.why(), c.hint()));
        }
        return checks;
    }

    /** The effective capability set from the text of {@code /proc/PID/status}. */
    static long effective(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
            }
        }
        throw new IllegalArgumentException("no CapEff line");
    }

    private static String hex(long set) {
        return String.format("%016x", set);
    }
}
