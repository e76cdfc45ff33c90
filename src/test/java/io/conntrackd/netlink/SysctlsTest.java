package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading sysctls of our own namespace; another namespace's are read in NamespaceSysctlsIT. */
class SysctlsTest {

    @Test
    void readsWholeValuesByTheirDottedNames() throws Exception {
        // longer than one byte: the kernel answers a second, partial read of a sysctl with end-of-file
        Map<String, String> values = Sysctls.read(null, List.of("kernel.ostype", "net.core.rmem_max"));

        assertThat(values).containsEntry("kernel.ostype", "Linux");
        assertThat(values.get("net.core.rmem_max"))
                .isEqualTo(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).strip())
                .hasSizeGreaterThan(1);
    }

    @Test
    void aSysctlTheKernelLacksIsLeftOut() throws Exception {
        Map<String, String> values = Sysctls.read(null, List.of("net.nothing.here", "kernel.ostype"));

        assertThat(values).containsOnlyKeys("kernel.ostype");
    }
}
