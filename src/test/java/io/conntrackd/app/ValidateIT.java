package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.TestNamespace;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conntrackd validate} from the packaged jar, each check against the real thing: namespaces with and
 * without conntrack active, an unprivileged user and one with only CAP_NET_ADMIN (setpriv), rsyslog, journald
 * and a Kafka broker up and down. Validate sends no event anywhere: the servers are shown to have received none.
 * ValidateCommandTest covers what needs no privilege (routes, GeoIP files, Loki, usage).
 */
class ValidateIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Inside the namespace, without privileges: what an unprivileged user gets. */
    private static final List<String> UNPRIVILEGED = List.of("--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all");
    /** Only CAP_NET_ADMIN, as the systemd unit runs the daemon. */
    private static final List<String> NET_ADMIN_ONLY = List.of("--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all,+net_admin", "--ambient-caps=-all,+net_admin", "--bounding-set=-all,+net_admin");

    @TempDir
    Path dir;

    private Command.Result result;

    /** Runs {@code validate --output json ARGS} from the jar, after {@code prefix} (setpriv, ip netns exec). */
    private ValidateDocument validate(List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        List<String> validate = new ArrayList<>(List.of("validate", "--output", "json"));
        validate.addAll(List.of(args));
        command.addAll(DaemonProcess.command(validate.toArray(String[]::new)));
        result = DaemonProcess.runToExit(command);
        assertThat(result.stdout()).as("stdout, stderr: %s", result.stderr()).startsWith("{");
        return ValidateDocument.parse(result.stdout());
    }

    private ValidateDocument validate(String... args) throws IOException {
        return validate(List.of(), args);
    }

    @Test
    void whereConntrackIsActiveEveryKernelCheckPassesAndTheSysctlsAreRead() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ns.enableConntrackAccounting();
            ns.tcpFlows("127.0.0.1", 2); // closed connections stay in the table (TIME_WAIT) for minutes

            ValidateDocument doc = validate("--netlink.netns", ns.path(), "--sink.stream.enable");

            assertThat(result.exitCode()).as(doc.toString()).isZero();
            assertThat(doc.doc().get("status").asText()).isEqualTo("ok");
            assertThat(doc.status("privileges.net-admin")).isEqualTo("ok");
            assertThat(doc.status("privileges.sys-admin")).isEqualTo("ok");
            assertThat(doc.status("privileges.net-broadcast")).isEqualTo("ok");
            assertThat(doc.message("kernel.netlink")).contains("opened in network namespace " + ns.path(),
                    "it hears the namespaces with an id there too");
            assertThat(doc.status("kernel.receive-buffer")).isEqualTo("ok");
            assertThat(doc.status("kernel.conntrack")).isEqualTo("ok");
            assertThat(doc.message("kernel.conntrack")).matches("[1-9]\\d* connections are tracked in network"
                    + " namespace " + ns.path());
            assertThat(doc.message("kernel.accounting")).contains("nf_conntrack_acct is on");
            assertThat(doc.message("kernel.timestamps")).contains("nf_conntrack_timestamp is off");
            assertThat(doc.hint("kernel.timestamps")).contains("sysctl -w net.netfilter.nf_conntrack_timestamp=1");
            assertThat(doc.status("sink.stream")).isEqualTo("ok");
        }
    }

    @Test
    void whereNothingUsesConntrackTheEmptyTableIsAWarningWithAHint() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ns.exec("nft", "delete", "table", "inet", "t"); // no rule needs conntrack now
            ns.tcpFlows("127.0.0.1", 1); // traffic, but nothing tracks it

            List<String> command = new ArrayList<>(DaemonProcess.command("validate", "--netlink.netns", ns.path(),
                    "--sink.stream.enable"));
            result = DaemonProcess.runToExit(command);

            assertThat(result.exitCode()).as("warnings pass: %s", result.output()).isZero();
            assertThat(result.stdout())
                    .containsPattern("(?m)^warning +kernel\\.conntrack +the conntrack table of network namespace "
                            + ns.path() + " is empty: no connection is tracked there.*; hint: add such a rule in that"
                            + " namespace .*docs/operations\\.md#when-no-event-comes")
                    .containsPattern("(?m)^ok +kernel\\.netlink ")
                    .containsPattern("\\d+ checks: \\d+ ok, 1 warning, 0 errors\\n$");
        }
    }

    @Test
    void unprivilegedTheMissingCapabilityIsAnErrorNamingIt() throws Exception {
        String setpriv = Prerequisites.requireCommand("setpriv");
        try (TestNamespace ns = TestNamespace.create()) {
            List<String> prefix = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), setpriv));
            prefix.addAll(UNPRIVILEGED);

            ValidateDocument doc = validate(prefix, "--sink.stream.enable");

            assertThat(result.exitCode()).as(doc.toString()).isEqualTo(1);
            assertThat(doc.status("privileges.net-admin")).isEqualTo("error");
            assertThat(doc.message("privileges.net-admin")).startsWith("CAP_NET_ADMIN is not held (effective"
                    + " capabilities 0000000000000000)");
            assertThat(doc.hint("privileges.net-admin")).contains("grant CAP_NET_ADMIN");
            assertThat(doc.status("kernel.netlink")).isEqualTo("error");
            assertThat(doc.message("kernel.netlink")).contains("bind(AF_NETLINK", "CAP_NET_ADMIN");
            assertThat(doc.ids()).doesNotContain("kernel.receive-buffer")
                    .contains("kernel.conntrack"); // the sysctls need no privilege
        }
    }

    @Test
    void withOnlyCapNetAdminItPassesAndEnteringANamespaceNeedsCapSysAdmin() throws Exception {
        String setpriv = Prerequisites.requireCommand("setpriv");
        try (TestNamespace ns = TestNamespace.create(); TestNamespace other = TestNamespace.create()) {
            List<String> prefix = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), setpriv));
            prefix.addAll(NET_ADMIN_ONLY);

            ValidateDocument inside = validate(prefix, "--sink.stream.enable");
            assertThat(inside.status("privileges.net-admin")).as(inside.toString()).isEqualTo("ok");
            assertThat(inside.status("kernel.netlink")).isEqualTo("ok");
            assertThat(inside.ids()).doesNotContain("privileges.sys-admin");
            // netlink.all-namespaces is on by default: without CAP_NET_BROADCAST run hears its own namespace only
            assertThat(inside.status("privileges.net-broadcast")).isEqualTo("warning");
            assertThat(inside.hint("privileges.net-broadcast")).contains("netlink.all-namespaces false");
            assertThat(inside.message("kernel.netlink")).contains("it hears that namespace only: the kernel refused"
                    + " NETLINK_LISTEN_ALL_NSID");
            assertThat(result.exitCode()).as("warnings pass").isZero();

            ValidateDocument ownOnly = validate(prefix, "--sink.stream.enable", "--netlink.all-namespaces=false");
            assertThat(ownOnly.ids()).doesNotContain("privileges.net-broadcast");
            assertThat(ownOnly.message("kernel.netlink")).doesNotContain("hears");

            ValidateDocument elsewhere = validate(prefix, "--sink.stream.enable", "--netlink.netns", other.path());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(elsewhere.status("privileges.sys-admin")).isEqualTo("error");
            assertThat(elsewhere.message("privileges.sys-admin")).contains("CAP_SYS_ADMIN is not held");
            assertThat(elsewhere.message("kernel.netlink")).contains("cannot enter network namespace " + other.path(),
                    "CAP_SYS_ADMIN");
        }
    }

    @Test
    void rsyslogUpPassesDownFailsAndReceivesNothing() throws Exception {
        try (Rsyslog rsyslog = Rsyslog.start(Files.createDirectory(dir.resolve("rsyslog")), null)) {
            String address = rsyslog.address("tcp");
            ValidateDocument up = validate("--sink.syslog.enable", "--sink.syslog.address", address);
            assertThat(up.status("sink.syslog")).as(up.toString()).isEqualTo("ok");
            assertThat(up.message("sink.syslog")).contains(address);

            sendSentinel(rsyslog.tcpPort());
            assertThat(rsyslog.await(Rsyslog.fromApp("sentinel"), 1, WAIT)).hasSize(1);
            assertThat(rsyslog.messages()).as("only the sentinel").hasSize(1);

            rsyslog.stop();
            ValidateDocument down = validate("--sink.syslog.enable", "--sink.syslog.address", address);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(down.status("sink.syslog")).isEqualTo("error");
            assertThat(down.message("sink.syslog")).contains("cannot connect to " + address, "Connection refused");
            assertThat(down.hint("sink.syslog")).contains("docs/syslog.md");
        }
    }

    /** One RFC 5424 message over TCP, newline-framed: once rsyslog wrote it, it wrote what came before. */
    private static void sendSentinel(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
             OutputStream out = socket.getOutputStream()) {
            out.write("<14>1 2025-01-01T00:00:00Z host sentinel - - - sentinel\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void journaldPresentPassesAndStoppedOrAbsentFails() throws Exception {
        try (JournaldServer journald = JournaldServer.start()) {
            String socket = journald.socket().toString();
            ValidateDocument present = validate("--sink.journal.enable", "--sink.journal.socket", socket);
            assertThat(present.status("sink.journal")).as(present.toString()).isEqualTo("ok");
            journald.sync(); // every datagram sent before is written now
            assertThat(journald.count("SYSLOG_IDENTIFIER=conntrackd")).isZero();

            journald.stop();
            ValidateDocument stopped = validate("--sink.journal.enable", "--sink.journal.socket", socket);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(stopped.message("sink.journal")).contains("journald is not listening on " + socket);
        }
        Path absent = dir.resolve("no-journal/socket");
        ValidateDocument doc = validate("--sink.journal.enable", "--sink.journal.socket", absent.toString());
        assertThat(doc.status("sink.journal")).isEqualTo("error");
        assertThat(doc.message("sink.journal")).contains(absent.toString(), "No such file or directory");
    }

    @Test
    void aKafkaBrokerUpPassesWithoutCreatingTheTopicAndDownFails() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            ValidateDocument up = validate("--sink.kafka.enable", "--sink.kafka.brokers", broker.bootstrapServers(),
                    "--sink.kafka.topic", "validated");
            assertThat(up.status("sink.kafka")).as(up.toString()).isEqualTo("ok");
            try (Admin admin = Admin.create(broker.clientConfig())) {
                assertThat(admin.listTopics().names().get()).doesNotContain("validated");
            }

            broker.stop();
            ValidateDocument down = validate("--sink.kafka.enable", "--sink.kafka.brokers", broker.bootstrapServers(),
                    "--sink.kafka.timeout", "3000");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(down.status("sink.kafka")).isEqualTo("error");
            assertThat(down.message("sink.kafka")).contains("no answer from the brokers " + broker.bootstrapServers());
        }
    }

    @Test
    void aUsageErrorExitsWithTwoAndPrintsNoReport() throws Exception {
        result = DaemonProcess.runToExit(DaemonProcess.command("validate", "--output", "yaml"));
        assertThat(result.exitCode()).isEqualTo(ConntrackdMain.EXIT_USAGE);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("invalid value \"yaml\" for --output: expected one of text, json");
    }
}
