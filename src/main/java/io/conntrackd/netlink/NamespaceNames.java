package io.conntrackd.netlink;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names that {@code ip netns} gives network namespaces (a file per name in /var/run/netns, the
 * namespace bind-mounted on it), by their ids in one namespace ({@link NamespaceIds}). Not thread-safe.
 */
public final class NamespaceNames implements AutoCloseable {

    /** Where {@code ip netns add NAME} mounts the namespace NAME. */
    public static final Path IP_NETNS_DIRECTORY = Path.of("/var/run/netns");

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceNames.class);

    private final NamespaceIds ids;
    private final Path directory;

    public NamespaceNames(NamespaceIds ids, Path directory) {
        this.ids = ids;
        this.directory = directory;
    }

    /**
     * Reads the directory now: every name whose namespace has an id, by id. A missing directory gives none;
     * a file that is not a namespace (a stale name whose mount is gone) is left out.
     */
    public Map<Integer, String> byId() {
        Map<Integer, String> names = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                int id = idOf(file);
                if (id != Netlink.NSID_NOT_ASSIGNED) {
                    // two names for one namespace: the first in order, whichever the directory lists first
                    names.merge(id, file.getFileName().toString(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not read the namespace names in {}: {}", directory, e.getMessage());
        }
        return names;
    }

    private int idOf(Path file) {
        try {
            return ids.idOf(file);
        } catch (IOException e) {
            LOG.debug("no namespace id for {}: {}", file, e.getMessage());
            return Netlink.NSID_NOT_ASSIGNED;
        }
    }

    @Override
    public void close() {
        ids.close();
    }
}
