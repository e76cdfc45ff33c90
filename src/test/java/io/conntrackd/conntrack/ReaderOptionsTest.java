package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.netlink.Netlink;
import io.conntrackd.netlink.NetlinkSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReaderOptionsTest {

    @Test
    void defaults() {
        ReaderOptions o = ReaderOptions.defaults();
        assertThat(o.eventTypes()).containsExactlyInAnyOrder(EventType.values());
        assertThat(o.protocols()).containsExactlyInAnyOrder(Protocol.values());
        assertThat(o.receiveBufferSize()).isEqualTo(32 * 1024 * 1024);
        assertThat(o.netns()).isNull();
        assertThat(o.pollTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.messagesPerRead()).isEqualTo(64);
        assertThat(o.groups()).isEqualTo(1 | 2 | 4);
    }

    @Test
    void groupsFollowTheEventTypes() {
        assertThat(ReaderOptions.defaults().withEventTypes(Set.of(EventType.NEW)).groups()).isEqualTo(1);
        assertThat(ReaderOptions.defaults().withEventTypes(Set.of(EventType.UPDATE)).groups()).isEqualTo(2);
        assertThat(ReaderOptions.defaults().withEventTypes(EnumSet.of(EventType.NEW, EventType.DESTROY)).groups())
                .isEqualTo(5);
    }

    @Test
    void theSocketConfigCarriesWhatTheSocketNeeds() {
        ReaderOptions o = ReaderOptions.defaults().withEventTypes(Set.of(EventType.DESTROY)).withReceiveBufferSize(4096)
                .withPollTimeout(Duration.ofMillis(50)).withNetns("/var/run/netns/x").withAllNamespaces(false);

        assertThat(o.socketConfig()).isEqualTo(new NetlinkSocket.Config(Netlink.NETLINK_NETFILTER, 4, 4096,
                Duration.ofMillis(50), "/var/run/netns/x", false));
    }

    @Test
    void setsAreCopied() {
        EnumSet<Protocol> protocols = EnumSet.of(Protocol.TCP);
        ReaderOptions o = ReaderOptions.defaults().withProtocols(protocols);
        protocols.add(Protocol.UDP);
        assertThat(o.protocols()).containsExactly(Protocol.TCP);
    }

    @Test
    void rejectsNonsense() {
        ReaderOptions d = ReaderOptions.defaults();
        assertThatThrownBy(() -> d.withEventTypes(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withProtocols(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withReceiveBufferSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPollTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messagesPerRead(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messagesPerRead(1025)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ReaderOptions messagesPerRead(int n) {
        ReaderOptions d = ReaderOptions.defaults();
        return new ReaderOptions(d.eventTypes(), d.protocols(), d.receiveBufferSize(), d.netns(), d.pollTimeout(), n,
                d.allNamespaces());
    }
}
