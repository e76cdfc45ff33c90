package io.conntrackd.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where camel-main reads its properties: first the {@code application.properties} inside the jar
 * (conntrackd's {@code camel.*} settings), then an optional
 * {@code application.properties} in the configuration directory ({@code /etc/conntrackd}), whose keys
 * override the jar's. Operators change Camel's settings there without a rebuild, for example to load
 * routes from {@code /etc/conntrackd/routes} or to reload edited routes.
 *
 * <p>conntrackd's own settings are not read from that file (they come from defaults, the configuration
 * file, CONNTRACKD_* variables and flags), so a {@code conntrackd.*} key there is reported as an
 * error instead of being silently ignored.
 */
final class CamelPropertyFiles {

    static final String FILE_NAME = "application.properties";

    private CamelPropertyFiles() {
    }

    /**
     * The property locations for camel-main. Camel takes a key from the first location that has it,
     * so the operator's file comes first.
     */
    static String locations(Path configDirectory) throws ConfigurationException {
        Path operatorFile = configDirectory.resolve(FILE_NAME);
        if (Files.exists(operatorFile)) {
            checkHasNoSettings(operatorFile);
        }
        return "file:" + operatorFile + ";optional=true,classpath:" + FILE_NAME;
    }

    private static void checkHasNoSettings(Path file) throws ConfigurationException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("conntrackd.")) {
                throw new ConfigurationException("key \"" + key + "\" in " + file + ": conntrackd settings belong in"
                        + " the configuration file (conntrackd.yaml), CONNTRACKD_* variables or flags; this file"
                        + " holds camel.* and your routes' own properties");
            }
        }
    }
}
