package io.conntrackd.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real systemd-journald for tests, isolated so that it cannot touch a host journal or another
 * test's journald.
 *
 * <p>journald's paths are fixed (/run/systemd/journal/socket, /run/log/journal, ...), so it runs in
 * its own mount namespace ({@code unshare --mount --propagation private}) with a private tmpfs on
 * /run and /var/log/journal. Two directories of this test are bind-mounted into it: {@code run/}
 * on /run/systemd/journal (its sockets) and {@code log/} on /run/log/journal (its volatile journal
 * files). The test JVM, in the host's mount namespace, therefore reaches the native socket at
 * {@code <dir>/run/socket} and reads entries with {@code journalctl --directory <dir>/log}. A
 * drop-in in the private /run/systemd/journald.conf.d turns off everything that would reach
 * outside: reading /dev/kmsg, forwarding to syslog, wall, console and kmsg, audit; turns off rate
 * limiting so that tests may send bursts; and allows journal files of 64 MiB, because journald
 * silently drops an entry larger than its file size limit (by default 1/8 of RuntimeMaxUse).
 *
 * <p>Verified on Debian 12 (systemd 252), as root: journald starts in ~50 ms, {@code journalctl
 * --sync} run inside the namespace ({@code nsenter --mount}) returns once every datagram sent before
 * it has been written, and a stopped journald leaves its socket file behind (sends then fail with
 * ECONNREFUSED) until a new one rebinds it.
 */
public final class JournaldServer implements AutoCloseable {

    public static final String JOURNALD = "/lib/systemd/systemd-journald";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** $1: the directory for the sockets, $2: the directory for the journal files. */
    private static final String ISOLATE_AND_EXEC = """
            set -e
            mount -t tmpfs -o mode=0755 tmpfs /run
            mkdir -p /run/systemd/journal /run/log/journal /run/systemd/journald.conf.d
            mount --bind "$1" /run/systemd/journal
            mount --bind "$2" /run/log/journal
            if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
            cat > /run/systemd/journald.conf.d/isolated-test.conf <<'CONF'
            [Journal]
            Storage=volatile
            RuntimeMaxUse=256M
            RuntimeMaxFileSize=64M
            ReadKMsg=no
            Audit=no
            ForwardToSyslog=no
            ForwardToKMsg=no
            ForwardToConsole=no
            ForwardToWall=no
            RateLimitIntervalSec=0
            RateLimitBurst=0
            CONF
            exec %s
            """.formatted(JOURNALD);

    private final Path directory;
    private final Path runDirectory;
    private final Path logDirectory;
    private Process process;

    private JournaldServer(Path directory) {
        this.directory = directory;
        this.runDirectory = directory.resolve("run");
        this.logDirectory = directory.resolve("log");
    }

    /**
     * Starts an isolated journald in a new temporary directory. Skips the test where root, journald,
     * journalctl, unshare or nsenter is missing; fails instead when CI=true.
     */
    public static JournaldServer start() throws IOException, InterruptedException {
        requirePrerequisites();
        JournaldServer server = new JournaldServer(Files.createTempDirectory("journald-test"));
        Files.createDirectories(server.runDirectory);
        Files.createDirectories(server.logDirectory);
        server.startDaemon();
        return server;
    }

    /** The native protocol socket, as the host sees it. */
    public Path socket() {
        return runDirectory.resolve("socket");
    }

    /** Whether a journald process of this server is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts journald again (after {@link #stop()}), on the same socket path and journal directory. */
    public void restart() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("journald is still running");
        }
        startDaemon();
    }

    /**
     * Stops journald with SIGTERM, as systemd does. Its socket files stay behind, as they do on a
     * host whose journald is stopped: senders then get ECONNREFUSED.
     */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Freezes journald (SIGSTOP): it stops reading its sockets, as a hung journald would. */
    public void pause() throws IOException {
        signal("STOP");
    }

    /** Lets a paused journald go on (SIGCONT). */
    public void resume() throws IOException {
        signal("CONT");
    }

    private void signal(String name) throws IOException {
        Command.run(COMMAND_TIMEOUT, List.of("kill", "-" + name, Long.toString(process.pid()))).requireSuccess();
    }

    /** Deletes the socket files too, as if journald had never been there: senders then get ENOENT. */
    public void removeSockets() throws IOException {
        try (Stream<Path> files = Files.list(runDirectory)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Waits until journald has written everything sent to it so far ({@code journalctl --sync}). */
    public void sync() throws IOException, InterruptedException {
        if (!insideNamespace("journalctl", "--sync")) {
            throw new IOException("journalctl --sync failed for journald pid " + process.pid());
        }
    }

    /**
     * The entries in the journal (oldest first) that match every {@code FIELD=value} given, as
     * {@code journalctl -o json --all} prints them. Call {@link #sync()} first to see everything sent.
     */
    public List<JsonNode> entries(String... matches) throws IOException {
        List<String> command = new ArrayList<>(List.of("journalctl", "--directory", logDirectory.toString(),
                "--output", "json", "--all", "--no-pager", "--quiet"));
        command.addAll(List.of(matches));
        Command.Result journalctl = Command.run(COMMAND_TIMEOUT, command);
        if (journalctl.exitCode() > 1) { // 1: no entries match
            journalctl.requireSuccess();
        }
        List<JsonNode> entries = new ArrayList<>();
        for (String line : journalctl.stdout().split("\n")) {
            if (!line.isBlank()) {
                entries.add(JSON.readTree(line));
            }
        }
        return entries;
    }

    /** How many entries match every {@code FIELD=value} given; cheaper than {@link #entries} for many. */
    public long count(String... matches) throws IOException {
        List<String> command = new ArrayList<>(List.of("journalctl", "--directory", logDirectory.toString(),
                "--output", "cat", "--output-fields", "PRIORITY", "--no-pager", "--quiet"));
        command.addAll(List.of(matches));
        return Command.run(COMMAND_TIMEOUT, command).stdout().lines().count();
    }

    /** CPU time journald has used so far (user + system), from /proc/PID/stat. */
    public Duration cpuTime() throws IOException {
        String stat = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "stat")).get(0);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
    }

    /** Syncs, then polls until at least {@code count} entries match, and returns them; fails after {@code timeout}. */
    public List<JsonNode> awaitEntries(int count, Duration timeout, String... matches) throws IOException {
        return Await.until(count + " journal entries matching " + List.of(matches), () -> syncedEntries(matches),
                found -> found.size() >= count, timeout);
    }

    private List<JsonNode> syncedEntries(String... matches) throws IOException {
        try {
            sync();
            return entries(matches);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the journal");
        }
    }

    /** The text of a field of an entry, or {@code null} if the entry lacks it. */
    public static String field(JsonNode entry, String name) {
        JsonNode v = entry.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void startDaemon() throws IOException, InterruptedException {
        process = new ProcessBuilder("unshare", "--mount", "--propagation", "private",
                "sh", "-c", ISOLATE_AND_EXEC, "isolated-journald", runDirectory.toString(), logDirectory.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("journald.out").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!insideNamespace("journalctl", "--sync")) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String out = Files.readString(directory.resolve("journald.out"));
                stop();
                throw new IOException("isolated journald did not start: " + out);
            }
            Thread.sleep(20);
        }
    }

    /** Runs a command in journald's mount namespace; whether it exited with 0. */
    private boolean insideNamespace(String... command) throws IOException, InterruptedException {
        if (!isRunning()) {
            return false;
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(process.pid()), "--mount"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private static void requirePrerequisites() {
        Prerequisites.requireRoot();
        Prerequisites.require(Files.isExecutable(Path.of(JOURNALD)),
                JOURNALD + " is not installed (Debian package systemd)");
        for (String command : List.of("journalctl", "unshare", "nsenter")) {
            Prerequisites.requireCommand(command);
        }
    }
}
