package io.conntrackd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks what a test needs from the machine (root, commands). A missing prerequisite skips the
 * test with a clear message, so the build passes anywhere; under CI ({@code CI=true}) it fails
 * the test instead, so CI never silently skips the real-kernel and real-server tests.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** Whether the environment variable CI is {@code true}. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or under CI fails) the current test with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (condition) {
            return;
        }
        if (isCi()) {
            Assertions.fail("prerequisite missing (CI=true, so this is a failure): " + message);
        }
        Assumptions.abort("skipped, prerequisite missing: " + message);
    }

    /** Requires effective uid 0 (namespaces, netlink event groups, nft). */
    public static void requireRoot() {
        require(isRoot(), "the test must run as root (network namespaces and conntrack events need it)");
    }

    /** Whether this process runs with effective uid 0, as /proc/self/status says. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0"); // real, effective, saved, fs
                }
            }
        } catch (IOException e) {
            return false; // not Linux
        }
        return false;
    }

    /**
     * Requires an executable on PATH (or in the sbin directories, which a non-login PATH may lack)
     * and returns its absolute path.
     */
    public static String requireCommand(String name) {
        String found = findCommand(name);
        require(found != null, "command '" + name + "' is not installed (not found on PATH or in sbin directories)");
        return found;
    }

    /** The absolute path of an executable, or {@code null}. */
    public static String findCommand(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Requires what {@link TestNamespace} needs: root, ip, nft and python3. */
    public static void requireNetworkNamespaces() {
        requireRoot();
        requireCommand("ip");
        requireCommand("nft");
        requireCommand("python3");
    }
}
