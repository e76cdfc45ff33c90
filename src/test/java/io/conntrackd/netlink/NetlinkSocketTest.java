package io.conntrackd.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What can be checked without privileges; the real socket is tested in NetlinkSocketIT. */
class NetlinkSocketTest {

    @Test
    void configRejectsNonsense() {
        assertThatThrownBy(() -> new NetlinkSocket.Config(12, 7, 0, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetlinkSocket.Config(12, 7, -1, Duration.ofMillis(5), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchRejectsNonsense() {
        assertThatThrownBy(() -> new DatagramBatch(0, 8192)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatagramBatch(2000, 8192)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatagramBatch(4, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyBatchHasNoSlotsToRead() {
        DatagramBatch batch = new DatagramBatch(4, 1024);
        assertThat(batch.received()).isZero();
        assertThatThrownBy(() -> batch.length(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void badNamespacePathIsNamedInTheError() {
        assertThatThrownBy(() -> NetworkNamespace.call("/nonexistent/netns/ctd-x", () -> "never"))
                .hasMessageContaining("/nonexistent/netns/ctd-x")
                .hasMessageContaining("No such file or directory");
    }
}
