package io.conntrackd.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --routes DIR}: the operator's route files instead of the built-in route, as camel-main's
 * include pattern. A collector route that reads events from Kafka opens no netlink socket, so the daemon's
 * own jar runs it without privileges (docs/fleet.md).
 */
final class RouteFiles {

    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    private static final String GLOB = "*.camel.yaml";

    private RouteFiles() {
    }

    /**
     * The include pattern for the directory that {@code routes} names, or empty when it is not set.
     *
     * @throws ConfigurationException when it is not a directory with at least one route file
     */
    static Optional<String> includePattern(Configuration config) throws ConfigurationException {
        String value = config.string(Settings.ROUTES).strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigurationException("invalid " + config.describe(Settings.ROUTES) + ": " + e.getMessage());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, GLOB)) {
            if (!files.iterator().hasNext()) {
                throw new ConfigurationException("invalid " + config.describe(Settings.ROUTES) + ": the directory"
                        + " has no route file (" + GLOB + ")");
            }
        } catch (IOException e) {
            throw new ConfigurationException("invalid " + config.describe(Settings.ROUTES) + ": not a readable"
                    + " directory (" + e + ")");
        }
        return Optional.of("file:" + dir + "/" + GLOB);
    }
}
