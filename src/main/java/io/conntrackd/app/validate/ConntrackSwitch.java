package io.conntrackd.app.validate;

/**
 * A per-namespace conntrack sysctl that adds fields to DESTROY events. Off is the kernel's default and a valid
 * choice, so either way the check passes; when off, its hint says how to get the fields.
 *
 * @param id     the check's id
 * @param sysctl the sysctl's dotted name
 * @param fields what it adds to events, naming the fields
 */
record ConntrackSwitch(String id, String sysctl, String fields) {

    static final ConntrackSwitch ACCOUNTING = new ConntrackSwitch("kernel.accounting", KernelChecks.ACCOUNTING,
            "packet and byte counters (orig_packets, orig_bytes, reply_packets, reply_bytes)");
    static final ConntrackSwitch TIMESTAMPS = new ConntrackSwitch("kernel.timestamps", KernelChecks.TIMESTAMPS,
            "start and stop times (flow_start, flow_stop)");

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
