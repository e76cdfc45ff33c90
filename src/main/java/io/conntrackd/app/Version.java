package io.conntrackd.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The version of conntrackd and of the Camel it runs on, and the commit it was built from, written into
 * the jar at build time.
 */
final class Version {

    private Version() {
    }

    /** One line: {@code conntrackd 1.2.0 (Apache Camel 4.18.0, Java 17.0.15+6)}. */
    static String describe() {
        Properties p = properties();
        return "conntrackd " + p.getProperty("version", "unknown") + " (Apache Camel "
                + p.getProperty("camel.version", "unknown") + ", Java " + Runtime.version() + ")";
    }

    /**
     * What {@code conntrackd version} prints: our line, then the original's fields ({@code Release:},
     * {@code Commit:}, aligned as it aligns them) for scripts that read them. No colour: the original
     * colours only its banner, which we do not print.
     */
    static String report() {
        return describe() + "\nRelease: " + properties().getProperty("version", "unknown") + "\nCommit:  " + commit()
                + "\n";
    }

    /** The abbreviated commit id, or empty when the build had no git repository. */
    static String commit() {
        try (InputStream in = Version.class.getResourceAsStream("commit")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
