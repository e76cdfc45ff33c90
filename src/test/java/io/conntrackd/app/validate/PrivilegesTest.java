package io.conntrackd.app.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.app.validate.Privileges.Capability;
import io.conntrackd.app.validate.Privileges.Need;
import org.junit.jupiter.api.Test;

class PrivilegesTest {

    /** /proc/PID/status of a process with CAP_NET_ADMIN only (bit 12), as under the systemd unit. */
    private static final String NET_ADMIN_ONLY = """
            Name:\tjava
            Uid:\t65534\t65534\t65534\t65534
            CapInh:\t0000000000001000
            CapPrm:\t0000000000001000
            CapEff:\t0000000000001000
            CapBnd:\t0000000000001000
            CapAmb:\t0000000000001000
            """;

    private static final Need NET_ADMIN = new Need(Capability.NET_ADMIN, "needed to subscribe", Status.ERROR);
    private static final Need SYS_ADMIN = new Need(Capability.SYS_ADMIN, "needed to enter the namespace",
            Status.ERROR);
    private static final Need NET_BROADCAST = new Need(Capability.NET_BROADCAST, "needed to hear the others",
            Status.WARNING);

    @Test
    void readsTheEffectiveSet() {
        assertThat(Privileges.effective(NET_ADMIN_ONLY)).isEqualTo(0x1000L);
        assertThat(Privileges.effective("CapEff:\t000001ffffffffff\n")).isEqualTo(0x1ffffffffffL);
    }

    @Test
    void aHeldCapabilityPassesAndAMissingOneFailsNamingItWithTheHint() {
        List<Check> checks = Privileges.check(Privileges.effective(NET_ADMIN_ONLY), List.of(NET_ADMIN, SYS_ADMIN));

        assertThat(checks).containsExactly(
                Check.ok("privileges.net-admin", "CAP_NET_ADMIN is held: needed to subscribe"),
                Check.error("privileges.sys-admin", "CAP_SYS_ADMIN is not held (effective capabilities"
                        + " 0000000000001000): needed to enter the namespace", Capability.SYS_ADMIN.hint()));
    }

    @Test
    void aCapabilityRunCanDoWithoutIsAWarning() {
        List<Check> checks = Privileges.check(Privileges.effective(NET_ADMIN_ONLY), List.of(NET_ADMIN, NET_BROADCAST));

        assertThat(checks).extracting(Check::id, Check::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("privileges.net-admin", Status.OK),
                org.assertj.core.groups.Tuple.tuple("privileges.net-broadcast", Status.WARNING));
        assertThat(checks.get(1).hint()).contains("netlink.all-namespaces false");
    }

    @Test
    void withoutAnyCapabilityNetAdminFails() {
        assertThat(Privileges.check(0, List.of(NET_ADMIN)).get(0).status()).isEqualTo(Status.ERROR);
    }

    @Test
    void nothingNeededIsOneLine() {
        assertThat(Privileges.check(List.of()))
                .containsExactly(Check.ok("privileges", "none needed: no route reads conntrack events"));
    }
}
