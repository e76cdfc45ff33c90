package io.conntrackd.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel settings and counters under {@code /proc/sys} as a network namespace sees them. Most of {@code net.*}
 * is per namespace (the conntrack table's entry count and switches, and on recent kernels
 * {@code net.core.rmem_max}), and {@code /proc/sys/net} shows the values of the namespace of the thread that
 * opens the file; so another namespace's values are read from a thread inside it ({@link NetworkNamespace}).
 */
public final class Sysctls {

    private static final Path ROOT = Path.of("/proc/sys");
    /** More than any value of the sysctls we read: a few numbers. */
    private static final int MAX_BYTES = 4096;

    private Sysctls() {
    }

    /**
     * Reads sysctls by their dotted names (e.g. {@code net.netfilter.nf_conntrack_count}). One that the kernel
     * does not have there (its module is not loaded) is left out of the answer.
     *
     * @param netns the namespace's path (e.g. {@code /var/run/netns/NAME}), or {@code null} for the caller's
     * @return the values found, by name, in the order asked
     * @throws IOException when the namespace cannot be entered or a file cannot be read
     */
    public static Map<String, String> read(String netns, List<String> names) throws IOException {
        if (netns == null) {
            return readHere(names);
        }
        return NetworkNamespace.call(netns, () -> readHere(names));
    }

    private static Map<String, String> readHere(List<String> names) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            // one read(2) from the start: the kernel answers a read at a later offset with end-of-file for most
            // sysctls, so reading in small pieces (as Files.readString does for a file of size 0) gets one byte
            try (InputStream in = Files.newInputStream(ROOT.resolve(name.replace('.', '/')))) {
                values.put(name, new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII).strip());
            } catch (NoSuchFileException e) {
                // the setting does not exist in this kernel or namespace: absent from the answer
            }
        }
        return values;
    }
}
