package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --netlink.all-namespaces} against the real kernel: a daemon listening in one test namespace hears
 * the conntrack events of a second one that has an id there ({@code ip netns set}), each with that id and
 * the second one's name; its own events carry neither; switched off, or without CAP_NET_BROADCAST, it hears
 * its own namespace only (proven by a sentinel event there).
 */
class AllNamespacesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int OTHER_ID = 7;

    @TempDir
    Path dir;

    @Test
    void eventsOfANamespaceWithAnIdCarryTheIdAndTheNameOwnEventsNeither() throws Exception {
        inTwoNamespaces(listen -> asRoot(listen), (daemon, listen, other) ->
                assertHearsOtherWithIdAndName(daemon, listen, other));
    }

    @Test
    void switchedOffOnlyTheOwnNamespaceIsHeard() throws Exception {
        inTwoNamespaces(listen -> asRoot(listen, "--netlink.all-namespaces=false"), (daemon, listen, other) -> {
            assertHearsOwnOnly(daemon, listen, other);
            assertThat(daemon.stderr()).doesNotContain("CAP_NET_BROADCAST");
        });
    }

    @Test
    void theSystemdUnitsCapabilitiesSuffice() throws Exception {
        inTwoNamespaces(listen -> unprivileged(listen, "net_admin,+net_broadcast"), (daemon, listen, other) -> {
            assertHearsOtherWithIdAndName(daemon, listen, other);
            assertThat(daemon.stderr()).doesNotContain("CAP_NET_BROADCAST", "WARN");
        });
    }

    @Test
    void withoutCapNetBroadcastItSaysSoAndHearsItsOwnNamespace() throws Exception {
        inTwoNamespaces(listen -> unprivileged(listen, "net_admin"), (daemon, listen, other) -> {
            assertHearsOwnOnly(daemon, listen, other);
            assertThat(daemon.stderr()).contains("not hearing the conntrack events of other network namespaces",
                    "setsockopt(NETLINK_LISTEN_ALL_NSID): Operation not permitted (errno 1); it needs"
                    + " CAP_NET_BROADCAST", "--netlink.all-namespaces=false");
        });
    }

    /** What a test checks of a daemon listening in {@code listen}, where {@code other} has an id. */
    @FunctionalInterface
    private interface Check {
        void check(DaemonProcess daemon, TestNamespace listen, TestNamespace other) throws Exception;
    }

    /**
     * Two fresh namespaces, the second with id 7 in the first (and the first with id 3 in itself, which must
     * change nothing for its own events), and the daemon started by {@code command} listening in the first.
     */
    private void inTwoNamespaces(Function<TestNamespace, List<String>> command, Check check) throws Exception {
        try (TestNamespace listen = TestNamespace.create(); TestNamespace other = TestNamespace.create()) {
            listen.assignId(other, OTHER_ID);
            listen.assignId(listen, 3);
            try (DaemonProcess daemon = DaemonProcess.startCommand(dir, command.apply(listen))) {
                check.check(daemon, listen, other);
            }
        }
    }

    private static void assertHearsOtherWithIdAndName(DaemonProcess daemon, TestNamespace listen, TestNamespace other)
            throws Exception {
        Flow there = other.udpFlows("127.0.0.1", 1, false).get(0);
        Flow here = listen.udpFlows("127.0.0.1", 1, false).get(0);
        List<JsonNode> lines = daemon.awaitJsonLines("the NEW lines of " + there + " and " + here,
                l -> newLineOf(l, there) != null && newLineOf(l, here) != null, WAIT);

        JsonNode fromThere = newLineOf(lines, there);
        assertThat(fromThere.get("netns_id").isInt()).isTrue();
        assertThat(fromThere.get("netns_id").asInt()).isEqualTo(OTHER_ID);
        assertThat(fromThere.get("netns").asText()).isEqualTo(other.name());
        assertThat(names(fromThere)).endsWith("dst_port", "netns_id", "netns");
        JsonNode fromHere = newLineOf(lines, here);
        assertThat(fromHere.has("netns_id")).as(fromHere.toString()).isFalse();
        assertThat(fromHere.has("netns")).isFalse();
    }

    private static void assertHearsOwnOnly(DaemonProcess daemon, TestNamespace listen, TestNamespace other)
            throws Exception {
        Flow there = other.udpFlows("127.0.0.1", 1, false).get(0);
        Flow sentinel = listen.udpFlows("127.0.0.1", 1, false).get(0);
        List<JsonNode> lines = daemon.awaitJsonLines("the sentinel's NEW line",
                l -> newLineOf(l, sentinel) != null, WAIT);

        assertThat(lines).as("nothing of %s, whose event came before the sentinel's", there)
                .noneMatch(l -> isOf(l, there)).noneMatch(l -> l.has("netns_id"));
    }

    /** The daemon as root, listening in {@code listen} with {@code --netlink.netns}. */
    private static List<String> asRoot(TestNamespace listen, String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "--netlink.netns", listen.path(), "--sink.stream.enable"));
        args.addAll(List.of(flags));
        return DaemonProcess.command(args.toArray(String[]::new));
    }

    /** {@code ip netns exec LISTEN setpriv ...}: the daemon as user nobody with only these capabilities. */
    private static List<String> unprivileged(TestNamespace listen, String capabilities) {
        String setpriv = Prerequisites.requireCommand("setpriv");
        String caps = "-all,+" + capabilities;
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", listen.name(), setpriv,
                "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=" + caps, "--ambient-caps=" + caps,
                "--bounding-set=" + caps));
        command.addAll(DaemonProcess.command("run", "--sink.stream.enable"));
        return command;
    }

    private static JsonNode newLineOf(List<JsonNode> lines, Flow flow) {
        return lines.stream().filter(l -> l.path("type").asText().equals("NEW") && isOf(l, flow)).findFirst()
                .orElse(null);
    }

    private static boolean isOf(JsonNode line, Flow flow) {
        return line.path("prot").asText().equals(flow.protocol().name())
                && line.path("src_port").asInt() == flow.sourcePort()
                && line.path("dst_port").asInt() == flow.destinationPort();
    }

    private static List<String> names(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
