package io.conntrackd.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process run to its end in bounded time. Its output goes to files, never to a pipe that a
 * test reads to the end first: a child that wrongly keeps running (or leaves a grandchild holding the
 * pipe) would hang the build there instead of failing it. So the timed {@code waitFor} comes first, a
 * child still running then is killed, and the test fails with what it had printed.
 */
public final class Command {

    /** What a finished command printed, and its exit code. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** stdout, then stderr: for checks that do not care which stream a line went to. */
        public String output() {
            return stdout + stderr;
        }

        /** This result; throws unless the command exited with 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException("command " + command + " exited with " + exitCode + ": "
                        + stderr.strip() + (stdout.isBlank() ? "" : " / stdout: " + stdout.strip()));
            }
            return this;
        }
    }

    private Command() {
    }

    /** Runs {@code command} and waits at most {@code timeout} for it to end. */
    public static Result run(Duration timeout, List<String> command) throws IOException {
        return run(timeout, command, Map.of());
    }

    /**
     * {@link #run(Duration, List)} with these environment variables added. Fails (AssertionError) when
     * the command is still running after {@code timeout}: it is killed, and the message holds its output.
     */
    public static Result run(Duration timeout, List<String> command, Map<String, String> environment)
            throws IOException {
        Path out = Files.createTempFile("ctd-cmd", ".out");
        Path err = Files.createTempFile("ctd-cmd", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            boolean ended = waitFor(p, timeout);
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (!ended) {
                throw new AssertionError("command " + command + " was still running after " + timeout
                        + " and was killed; stdout so far:\n" + stdout + "\nstderr so far:\n" + stderr);
            }
            return new Result(List.copyOf(command), p.exitValue(), stdout, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Whether {@code p} ended within {@code timeout}; if not, it and its children are killed. */
    private static boolean waitFor(Process p, Duration timeout) throws IOException {
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            kill(p);
            return false;
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + p.info().commandLine().orElse("?"));
        }
    }

    private static void kill(Process p) throws InterruptedIOException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while killing " + p.pid());
        }
    }
}
