package io.conntrackd.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of conntrackd and of the Camel it runs on, written into the jar at build time. */
final class Version {

    private Version() {
    }

    static String describe() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "conntrackd " + p.getProperty("version", "unknown") + " (Apache Camel "
                + p.getProperty("camel.version", "unknown") + ", Java " + Runtime.version() + ")";
    }
}
