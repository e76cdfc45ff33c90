package io.conntrackd.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a syslog test needs from the machine: a missing prerequisite skips the test with a message,
 * and fails it under CI ({@code CI=true}). Same rules as the Prerequisites class that comes with the
 * netlink branch; this stand-in goes when that lands.
 */
public final class TestPrerequisites {

    private TestPrerequisites() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean condition, String message) {
        if (condition) {
            return;
        }
        if (isCi()) {
            Assertions.fail("prerequisite missing (CI=true, so this is a failure): " + message);
        }
        Assumptions.abort("skipped, prerequisite missing: " + message);
    }

    /** The absolute path of an executable on PATH or in the sbin directories; skips or fails without it. */
    public static String requireCommand(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        String found = dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).map(Path::toString)
                .findFirst().orElse(null);
        require(found != null, "command '" + name + "' is not installed");
        return found;
    }
}
