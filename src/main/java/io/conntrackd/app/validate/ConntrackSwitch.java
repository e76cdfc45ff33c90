package io.conntrackd.app.validate;

/**
 * A per-namespace conntrack sysctl that adds fields to DESTROY events. Off is the kernel's default and a valid
 * choice, so either way the check passes; when off, its hint says how to get the fields.
 */
enum ConntrackSwitch {

    ACCOUNTING("kernel.accounting", KernelChecks.ACCOUNTING, "packet and byte counters (orig_packets, orig_bytes,"
            + " reply_packets, reply_bytes)"),
    TIMESTAMPS("kernel.timestamps", KernelChecks.TIMESTAMPS, "start and stop times (flow_start, flow_stop)");

    private final String id;
    private final String sysctl;
    private final String fields;

    ConntrackSwitch(String id, String sysctl, String fields) {
        this.id = id;
        this.sysctl = sysctl;
        this.fields = fields;
    }

    /** The check for the sysctl's value in {@code where}; {@code value} is null when the kernel lacks it. */
    Check check(String value, String where) {
        if ("1".equals(value)) {
            return Check.ok(id, sysctl + " is on in " + where + ": DESTROY events carry " + fields);
        }
        return Check.ok(id, sysctl + " is " + (value == null ? "missing" : "off") + " in " + where
                + ": DESTROY events carry no " + fields, "sysctl -w " + sysctl + "=1 in that namespace to get them ("
                + KernelChecks.DOCS + ")");
    }
}
