package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTM_GETNSID against the real kernel: the ids that ip netns set gave, relative to the asking namespace. */
class NamespaceIdsIT {

    @TempDir
    Path dir;

    @Test
    void answersTheIdANamespaceHasInTheSocketsAndNoneWhereItHasNone() throws Exception {
        try (TestNamespace listen = TestNamespace.create(); TestNamespace other = TestNamespace.create();
             TestNamespace unnamed = TestNamespace.create()) {
            listen.assignId(other, 7);
            try (NamespaceIds ids = NamespaceIds.open(listen.path())) {
                assertThat(ids.idOf(Path.of(other.path()))).isEqualTo(7);
                assertThat(ids.idOf(Path.of(unnamed.path()))).isEqualTo(Netlink.NSID_NOT_ASSIGNED);
                assertThat(ids.idOf(Path.of(other.path()))).as("asking again").isEqualTo(7);
                Path notANamespace = Files.writeString(dir.resolve("plain"), "x");
                assertThatThrownBy(() -> ids.idOf(notANamespace)).hasMessageContaining("RTM_GETNSID")
                        .hasMessageContaining("errno 22");
            }
            try (NamespaceIds ids = NamespaceIds.open(other.path())) {
                assertThat(ids.idOf(Path.of(other.path()))).as("ids are relative: none in itself")
                        .isEqualTo(Netlink.NSID_NOT_ASSIGNED);
            }
            try (NamespaceNames names = new NamespaceNames(NamespaceIds.open(listen.path()),
                    NamespaceNames.IP_NETNS_DIRECTORY)) {
                assertThat(names.byId()).containsEntry(7, other.name()).doesNotContainValue(unnamed.name());
            }
        }
    }
}
