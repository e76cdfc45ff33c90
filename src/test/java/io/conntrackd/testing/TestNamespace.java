package io.conntrackd.testing;

import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.Command.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A fresh, uniquely named network namespace for a real-kernel test, with loopback up and an nft
 * rule that makes conntrack track its traffic; deleted on {@link #close()}.
 *
 * <pre>
 * try (TestNamespace ns = TestNamespace.create()) {
 *     ConntrackReader.open(ReaderOptions.defaults().withNetns(ns.path()));
 *     List&lt;Flow&gt; flows = ns.tcpFlows("::1", 3);
 *     ns.flushConntrack(); // DESTROY events now
 * }
 * </pre>
 *
 * Commands run as {@code ip netns exec NAME ...}; traffic comes from a small python3 helper
 * (traffic.py beside this class) so the flows are bounded and their tuples known. Creating one
 * skips the test (fails under CI) when root, ip, nft or python3 are missing.
 */
public final class TestNamespace implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** One flow the traffic helper created, in its original direction. */
    public record Flow(Protocol protocol, String source, int sourcePort, String destination, int destinationPort) {
    }

    private final String name;
    private final String ip;
    private final String python;
    private final Path workDir;
    private final List<Process> background = new ArrayList<>();
    private boolean closed;

    private TestNamespace(String name, String ip, String python, Path workDir) {
        this.name = name;
        this.ip = ip;
        this.python = python;
        this.workDir = workDir;
    }

    /**
     * Creates a namespace named {@code ctd-} plus random characters, sets lo up and adds the nft
     * table {@code inet t}, chain {@code c} (output hook) and rule {@code ct state new counter}.
     */
    public static TestNamespace create() throws IOException {
        Prerequisites.requireNetworkNamespaces();
        String ip = Prerequisites.requireCommand("ip");
        Prerequisites.requireCommand("nft");
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
                : Prerequisites.requireCommand("python3");
        for (int attempt = 0; ; attempt++) {
            String name = "ctd-" + randomSuffix();
            Result added = run(List.of(ip, "netns", "add", name));
            if (added.exitCode() != 0) {
                if (attempt < 5 && added.stderr().contains("exists")) {
                    continue; // a parallel run picked the same name: try another
                }
                added.requireSuccess();
            }
            TestNamespace ns = new TestNamespace(name, ip, python, Files.createTempDirectory(name));
            try {
                ns.setUp();
                return ns;
            } catch (RuntimeException | IOException e) {
                ns.close();
                throw e;
            }
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private void setUp() throws IOException {
        runOrFail(ip, "-n", name, "link", "set", "lo", "up");
        exec("nft", "add", "table", "inet", "t");
        exec("nft", "add chain inet t c { type filter hook output priority 0; }");
        exec("nft", "add", "rule", "inet", "t", "c", "ct", "state", "new", "counter");
        Files.copy(resource("traffic.py"), workDir.resolve("traffic.py"));
    }

    private static InputStream resource(String file) {
        InputStream in = TestNamespace.class.getResourceAsStream(file);
        if (in == null) {
            throw new IllegalStateException("test resource " + file + " is missing");
        }
        return in;
    }

    /** The namespace's name, e.g. {@code ctd-k3j9...}. */
    public String name() {
        return name;
    }

    /** The path to hand to setns(2) or a {@code netns} option: {@code /var/run/netns/NAME}. */
    public String path() {
        return "/var/run/netns/" + name;
    }

    /** Runs a command inside the namespace and throws unless it exits 0; returns its output. */
    public Result exec(String... command) throws IOException {
        return run(inside(command)).requireSuccess();
    }

    /** Runs a command inside the namespace and returns its output and exit code, whatever they are. */
    public Result tryExec(String... command) throws IOException {
        return run(inside(command));
    }

    /**
     * Starts a command inside the namespace in the background; it is stopped on {@link #close()}.
     * Output goes to {@code stdout} and {@code stderr} files.
     */
    public Process start(Path stdout, Path stderr, String... command) throws IOException {
        Process p = new ProcessBuilder(inside(command)).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        synchronized (background) {
            background.add(p);
        }
        return p;
    }

    /**
     * Gives {@code other} the id {@code id} in this namespace ({@code ip netns set}, run here; {@code other} may
     * be this namespace itself): a socket here that listens to all namespaces then hears {@code other}.
     */
    public void assignId(TestNamespace other, int id) throws IOException {
        exec(ip, "netns", "set", other.name(), Integer.toString(id));
    }

    /** Sets a sysctl inside the namespace, e.g. {@code net.netfilter.nf_conntrack_acct=1}. */
    public void sysctl(String key, String value) throws IOException {
        exec("sysctl", "-q", "-w", key + "=" + value);
    }

    /** Turns on packet/byte counters (CTA_COUNTERS_*) for this namespace's conntrack. */
    public void enableConntrackAccounting() throws IOException {
        sysctl("net.netfilter.nf_conntrack_acct", "1");
    }

    /** Turns on flow start/stop timestamps (CTA_TIMESTAMP) for this namespace's conntrack. */
    public void enableConntrackTimestamps() throws IOException {
        sysctl("net.netfilter.nf_conntrack_timestamp", "1");
    }

    /** Empties the conntrack table (conntrack -F), which makes the kernel send DESTROY events. */
    public void flushConntrack() throws IOException {
        exec(Prerequisites.requireCommand("conntrack"), "-F");
    }

    /** {@code count} TCP connections to a listener on {@code address} (127.0.0.1 or ::1). */
    public List<Flow> tcpFlows(String address, int count) throws IOException {
        return traffic("tcp", address, Integer.toString(count));
    }

    /** {@code count} UDP flows of one datagram each, echoed back when {@code echo}. */
    public List<Flow> udpFlows(String address, int count, boolean echo) throws IOException {
        return echo ? traffic("udp", address, Integer.toString(count), "echo")
                : traffic("udp", address, Integer.toString(count));
    }

    /**
     * Two flows of each kind over loopback: TCP and UDP (echoed and not), over IPv4 and IPv6; the
     * mix every end-to-end test sends.
     */
    public List<Flow> mixedFlows() throws IOException {
        List<Flow> flows = new ArrayList<>();
        flows.addAll(tcpFlows("127.0.0.1", 2));
        flows.addAll(tcpFlows("::1", 2));
        flows.addAll(udpFlows("127.0.0.1", 2, true));
        flows.addAll(udpFlows("::1", 2, false));
        return flows;
    }

    /**
     * {@code count} one-datagram UDP flows from source ports {@code firstPort}.. as fast as python
     * can: exactly {@code count} NEW events. Returns the destination port.
     */
    public int udpFlood(String address, int count, int firstPort) throws IOException {
        List<Flow> flows = traffic("udpflood", address, Integer.toString(count), Integer.toString(firstPort));
        return flows.get(0).destinationPort();
    }

    private List<Flow> traffic(String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = python;
        command[1] = workDir.resolve("traffic.py").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        List<Flow> flows = new ArrayList<>();
        for (String line : exec(command).stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            Protocol protocol = f[0].startsWith("tcp") ? Protocol.TCP : Protocol.UDP;
            flows.add(new Flow(protocol, f[1], Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4])));
        }
        return flows;
    }

    /**
     * Starts {@code conntrack -E -o xml} inside the namespace and waits until it has subscribed,
     * so that it sees all later events. Stop it with {@link ConntrackMonitor#stop()}.
     */
    public ConntrackMonitor startConntrackMonitor() throws IOException {
        String conntrack = Prerequisites.requireCommand("conntrack");
        int before = subscribedNetfilterSockets();
        Path out = workDir.resolve("conntrack-" + System.nanoTime() + ".xml");
        Path err = workDir.resolve("conntrack-" + System.nanoTime() + ".err");
        Process p = start(out, err, conntrack, "-E", "-o", "xml");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (subscribedNetfilterSockets() <= before) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("conntrack -E did not start: " + Files.readString(err));
            }
            sleep(20);
        }
        return new ConntrackMonitor(p, out, err);
    }

    /**
     * NETLINK_NETFILTER sockets of this namespace bound to multicast groups, from the namespace's
     * /proc/net/netlink (only visible from inside).
     */
    public int subscribedNetfilterSockets() throws IOException {
        int count = 0;
        for (String line : exec("cat", "/proc/net/netlink").stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
            if (f.length >= 4 && f[1].equals("12") && !f[3].matches("0+")) {
                count++;
            }
        }
        return count;
    }

    private List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    private void runOrFail(String... command) throws IOException {
        run(List.of(command)).requireSuccess();
    }

    private static Result run(List<String> command) throws IOException {
        return Command.run(COMMAND_TIMEOUT, command);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops background processes and deletes the namespace (and its conntrack table). Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (background) {
            for (Process p : background) {
                p.destroy();
            }
            for (Process p : background) {
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Result deleted = run(List.of(ip, "netns", "del", name));
        deleteRecursively(workDir);
        if (deleted.exitCode() != 0) {
            throw new IOException("could not delete network namespace " + name + ": " + deleted.stderr().strip());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TestNamespace[%s]", name);
    }
}
