package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without the capabilities the reader must say what is missing. Runs {@link PermissionProbe} in a
 * child JVM whose capability bounding set lacks CAP_NET_ADMIN and CAP_SYS_ADMIN (setpriv), which
 * is what an unprivileged user gets, while file access stays as it is.
 */
class PermissionIT {

    @Test
    void missingCapNetAdminIsNamed() throws Exception {
        assertThat(probe()).startsWith("error: ").contains("CAP_NET_ADMIN").contains("bind(AF_NETLINK");
    }

    @Test
    void missingCapSysAdminForANamespaceIsNamed() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            assertThat(probe(ns.path())).startsWith("error: ").contains(ns.path()).contains("CAP_SYS_ADMIN");
        }
    }

    private static String probe(String... args) throws IOException {
        Prerequisites.requireRoot();
        String setpriv = Prerequisites.requireCommand("setpriv");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(setpriv, "--bounding-set", "-net_admin,-sys_admin",
                "--inh-caps", "-net_admin,-sys_admin", java, "-cp", System.getProperty("java.class.path"),
                PermissionProbe.class.getName()));
        command.addAll(List.of(args));
        // stderr holds SLF4J and WARN lines, not what we check
        return Command.run(Duration.ofSeconds(60), command).stdout().trim();
    }
}
