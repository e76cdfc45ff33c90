package io.conntrackd.app.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.conntrackd.conntrack.ReaderOptions;
import io.conntrackd.netlink.NetlinkSocket;
import io.conntrackd.netlink.Sysctls;
import io.conntrackd.posix.NativeException;

/**
 * The kernel as a conntrack source of {@code run} would find it, in the namespace it listens in: the netlink
 * socket opens and joins the event groups (then closes at once), the receive buffer the kernel granted, whether
 * the conntrack table has entries (no entry, no event), and the sysctls that add counters and times to events.
 */
public final class KernelChecks {

    /** The sysctl that counts the entries of a namespace's conntrack table. */
    public static final String COUNT = "net.netfilter.nf_conntrack_count";
    static final String ACCOUNTING = "net.netfilter.nf_conntrack_acct";
    static final String TIMESTAMPS = "net.netfilter.nf_conntrack_timestamp";
    static final String RMEM_MAX = "net.core.rmem_max";
    static final String DOCS = "docs/operations.md#kernel-settings";
    /** Where the docs explain why a namespace without conntrack sends no event. */
    public static final String NOTHING_TRACKED_DOCS = "docs/operations.md#when-no-event-comes";

    private final ReaderOptions options;
    private final String where;

    private KernelChecks(ReaderOptions options) {
        this.options = options;
        this.where = where(options.netns());
    }

    /** The namespace of a source, as messages name it: {@code null} is the daemon's own. */
    public static String where(String netns) {
        return netns == null ? "the daemon's network namespace" : "network namespace " + netns;
    }

    /** The checks for a source that opens its socket with {@code options}. */
    public static List<Check> check(ReaderOptions options) {
        return new KernelChecks(options).all();
    }

    private List<Check> all() {
        List<Check> checks = new ArrayList<>();
        Map<String, String> sysctls;
        try {
            sysctls = Sysctls.read(options.netns(), List.of(COUNT, ACCOUNTING, TIMESTAMPS, RMEM_MAX));
        } catch (IOException e) {
            sysctls = null;
            checks.add(Check.error("kernel.sysctls", "cannot read the sysctls of " + where + ": " + e.getMessage(),
                    "check netlink.netns (ip netns list) and " + Privileges.Capability.SYS_ADMIN.capName()));
        }
        socket(checks, sysctls == null ? null : sysctls.get(RMEM_MAX));
        if (sysctls != null) {
            checks.add(table(sysctls.get(COUNT)));
            if (sysctls.containsKey(COUNT)) {
                checks.add(ConntrackSwitch.ACCOUNTING.check(sysctls.get(ACCOUNTING), where));
                checks.add(ConntrackSwitch.TIMESTAMPS.check(sysctls.get(TIMESTAMPS), where));
            }
        }
        return checks;
    }

    /**
     * Opens the netlink socket as the consumer's reader does ({@link ReaderOptions#socketConfig()}), without the
     * reader around it: {@code kernel.netlink}, and {@code kernel.receive-buffer} if it opened.
     */
    private void socket(List<Check> checks, String rmemMax) {
        int granted;
        boolean hearsAll;
        try (NetlinkSocket socket = NetlinkSocket.open(options.socketConfig())) {
            granted = socket.receiveBufferSize();
            hearsAll = socket.hearsAllNamespaces();
        } catch (IOException | RuntimeException e) {
            checks.add(Check.error("kernel.netlink", "cannot listen to conntrack events in " + where + ": "
                    + e.getMessage(), netlinkHint(e)));
            return;
        }
        checks.add(Check.ok("kernel.netlink", "the netlink socket opened in " + where + " and joined the groups of "
                + options.eventTypes().stream().map(Enum::name).sorted().toList() + otherNamespaces(hearsAll)));
        checks.add(receiveBuffer(granted, rmemMax));
    }

    /** What the socket hears beyond its namespace: netlink.all-namespaces asks, CAP_NET_BROADCAST grants. */
    private String otherNamespaces(boolean hearsAll) {
        if (hearsAll) {
            return "; it hears the namespaces with an id there too (NETLINK_LISTEN_ALL_NSID)";
        }
        return options.allNamespaces() ? "; it hears that namespace only: the kernel refused NETLINK_LISTEN_ALL_NSID,"
                + " which needs CAP_NET_BROADCAST" : "";
    }

    private static String netlinkHint(Exception e) {
        if (e instanceof NativeException n && n.isPermissionError()) {
            return e.getMessage().contains("namespace") ? Privileges.Capability.SYS_ADMIN.hint()
                    : Privileges.Capability.NET_ADMIN.hint();
        }
        return e.getMessage().contains("namespace")
                ? "check netlink.netns: it names a namespace such as /var/run/netns/NAME (ip netns list)" : "";
    }

    /** The kernel reports twice what it granted (for its bookkeeping), so less than requested means capped. */
    private Check receiveBuffer(int granted, String rmemMax) {
        int requested = options.receiveBufferSize();
        String found = "the kernel granted " + granted + " bytes for the " + requested + " requested"
                + (rmemMax == null ? "" : " (net.core.rmem_max: " + rmemMax + ")");
        if (granted >= requested) {
            return Check.ok("kernel.receive-buffer", found);
        }
        return Check.warning("kernel.receive-buffer", found + ": bursts of events may overflow it and be lost",
                "grant CAP_NET_ADMIN in the host's user namespace (the daemon then forces the size), or raise"
                        + " net.core.rmem_max to " + requested
                        + " (docs/operations.md#receive-buffer-bursts-and-loss)");
    }

    private Check table(String count) {
        String why = "the kernel tracks connections only where a rule needs it (a ct state match, NAT, a conntrack"
                + " helper), and sends events only for tracked connections";
        String hint = "add such a rule in that namespace if you expect events from it (" + NOTHING_TRACKED_DOCS + ")";
        if (count == null) {
            return Check.warning("kernel.conntrack", "conntrack is not loaded in the kernel (" + COUNT
                    + " does not exist): no connection is tracked in " + where + ", so no event can come; " + why,
                    hint);
        }
        long entries = Long.parseLong(count);
        if (entries == 0) {
            return Check.warning("kernel.conntrack", "the conntrack table of " + where + " is empty: no connection"
                    + " is tracked there, so no event can come yet; " + why, hint);
        }
        return Check.ok("kernel.conntrack", entries + (entries == 1 ? " connection is" : " connections are")
                + " tracked in " + where);
    }
}
