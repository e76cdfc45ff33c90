package io.conntrackd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged daemon ({@code java -jar conntrackd.jar run ...}) as a child process, listening in a
 * test namespace: the real thing an operator starts. stdout and stderr go to files. Stopped with
 * SIGTERM on {@link #close()}.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ample for a JVM to start, fail and exit on a loaded 2-core machine (it takes about a second). */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DaemonProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The jar that failsafe passes in {@code conntrackd.jar} (built by {@code package}). */
    public static Path jar() {
        String jar = System.getProperty("conntrackd.jar");
        Prerequisites.require(jar != null && Files.isRegularFile(Path.of(jar)),
                "the packaged jar is missing (run the *IT tests with ./mvnw verify): " + jar);
        return Path.of(jar);
    }

    /** The command line that runs the jar with {@code args}, for callers that wrap it (setpriv, ip netns exec). */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@link #command} as user nobody without any capability (setpriv): a run that must need no privilege. */
    public static List<String> unprivilegedCommand(String... args) {
        String setpriv = Prerequisites.requireCommand("setpriv");
        List<String> command = new ArrayList<>(List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all"));
        command.addAll(command(args));
        return command;
    }

    /**
     * Runs a command line (see {@link #command}) that must end by itself (a usage error, {@code --help}, a
     * refused start): fails if it is still running after a minute, with what it printed.
     */
    public static Command.Result runToExit(List<String> command, Map<String, String> environment) throws IOException {
        return Command.run(EXIT_TIMEOUT, command, environment);
    }

    /** {@link #runToExit(List, Map)} with the environment as it is. */
    public static Command.Result runToExit(List<String> command) throws IOException {
        return runToExit(command, Map.of());
    }

    /** Starts {@code conntrackd run ARGS --netlink.netns NS} and waits until it says it has started. */
    public static DaemonProcess start(TestNamespace ns, Path workDir, String... args) throws IOException {
        return start(ns, workDir, Map.of(), args);
    }

    /** {@link #start(TestNamespace, Path, String...)} with these environment variables added. */
    public static DaemonProcess start(TestNamespace ns, Path workDir, Map<String, String> environment, String... args)
            throws IOException {
        List<String> runArgs = new ArrayList<>(List.of("run", "--netlink.netns", ns.path()));
        runArgs.addAll(List.of(args));
        return startCommand(workDir, command(runArgs.toArray(String[]::new)), environment);
    }

    /** Starts any command line (see {@link #command}) and waits for the started line on stderr. */
    public static DaemonProcess startCommand(Path workDir, List<String> command) throws IOException {
        return startCommand(workDir, command, Map.of());
    }

    /** {@link #startCommand(Path, List)} with these environment variables added. */
    public static DaemonProcess startCommand(Path workDir, List<String> command, Map<String, String> environment)
            throws IOException {
        Path out = Files.createTempFile(workDir, "conntrackd", ".out");
        Path err = Files.createTempFile(workDir, "conntrackd", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        DaemonProcess daemon = new DaemonProcess(p, out, err);
        daemon.awaitStderr(s -> s.contains(" started; sinks: "), Duration.ofSeconds(30));
        return daemon;
    }

    /** Waits until stderr satisfies {@code condition}; fails with stderr if the process ends first. */
    public String awaitStderr(Predicate<String> condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String err = stderr();
            if (condition.test(err)) {
                return err;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("conntrackd " + (process.isAlive() ? "did not get there in " + timeout
                        : "exited with " + process.exitValue()) + "; stderr:\n" + err);
            }
            TestNamespace.sleep(50);
        }
    }

    /** The JSON lines written so far on stdout (a partial last line is left out). */
    public List<JsonNode> jsonLines() throws IOException {
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        int end = out.lastIndexOf('\n');
        for (String line : end < 0 ? new String[0] : out.substring(0, end).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /**
     * Waits until the JSON lines so far satisfy {@code condition} and returns them; fails naming {@code what},
     * with the lines and stderr, when they do not within {@code timeout}.
     */
    public List<JsonNode> awaitJsonLines(String what, Predicate<List<JsonNode>> condition, Duration timeout)
            throws IOException {
        try {
            return Await.until(what + " on conntrackd's stdout", this::jsonLines, condition, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nconntrackd's stderr:\n" + stderr(), e);
        }
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    public Process process() {
        return process;
    }

    /** Sends SIGTERM and waits up to {@code timeout}; returns the exit code, or -1 if still running. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() && terminate(Duration.ofSeconds(5)) < 0) {
            process.destroyForcibly();
        }
    }
}
