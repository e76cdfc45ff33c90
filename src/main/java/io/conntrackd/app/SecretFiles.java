package io.conntrackd.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads secrets from the files (or environment variables) that settings name ({@link #read}), and finds the
 * files the daemon reads that hold a secret and that every user of the host can read, so that startup can
 * warn about them. A file holds a secret when it is
 * <ul>
 *   <li>named by a secret-file setting ({@code sink.loki.token-file}, {@code sink.kafka.sasl.password-file},
 *       ...);</li>
 *   <li>the configuration file, and one of its values is a URL with a password ({@code scheme://user:pw@host});</li>
 *   <li>the Camel property file ({@code application.properties} in the configuration directory), and a key
 *       whose name contains password, passwd, secret, token or credential has a value.</li>
 * </ul>
 * Every user can read a file when its mode grants read to others and every directory above it grants
 * search (execute) to others; a file in a private directory (such as systemd's credentials directory)
 * is not reported. Files that do not exist are left to the code that reads them.
 */
final class SecretFiles {

    /** Settings whose value is the path of a file that holds a secret. */
    static final List<Setting> SECRET_FILE_SETTINGS = List.of(LokiSinkDefinition.TOKEN_FILE,
            LokiSinkDefinition.PASSWORD_FILE, KafkaSinkDefinition.SASL_PASSWORD_FILE,
            KafkaSinkDefinition.TRUST_STORE_PASSWORD_FILE, KafkaSinkDefinition.KEY_STORE_PASSWORD_FILE);

    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@.*");
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|passwd|secret|token|credential).*");

    private SecretFiles() {
    }

    /** A secret from the file that {@code file} names or from the environment variable; {@code null} if neither. */
    static String read(Configuration config, Setting file, Map<String, String> environment, String variable)
            throws ConfigurationException {
        String path = config.string(file);
        String fromEnvironment = environment.getOrDefault(variable, "").strip();
        if (!path.isEmpty() && !fromEnvironment.isEmpty()) {
            throw new ConfigurationException(file.key() + " and " + variable + " are both set; use one");
        }
        if (path.isEmpty()) {
            return fromEnvironment.isEmpty() ? null : fromEnvironment;
        }
        String secret;
        try {
            secret = Files.readString(Path.of(path)).strip();
        } catch (IOException | InvalidPathException e) {
            throw new ConfigurationException("cannot read " + config.describe(file) + ": " + e);
        }
        if (secret.isEmpty()) {
            throw new ConfigurationException("invalid " + config.describe(file) + ": the file is empty");
        }
        return secret;
    }

    /** One warning per file that holds a secret and that every user can read. */
    static List<String> warnings(Configuration config, Path configDirectory) {
        List<String> warnings = new ArrayList<>();
        for (Setting s : SECRET_FILE_SETTINGS) {
            String path = config.string(s).trim();
            if (!path.isEmpty()) {
                check(Path.of(path), s.key(), warnings);
            }
        }
        config.file().filter(file -> hasUrlWithPassword(config))
                .ifPresent(file -> check(file, "the configuration file, which has a URL with a password", warnings));
        Path properties = configDirectory.resolve(CamelPropertyFiles.FILE_NAME);
        if (hasSecretProperty(properties)) {
            check(properties, "Camel properties with a password, secret or token", warnings);
        }
        return warnings;
    }

    private static void check(Path file, String why, List<String> warnings) {
        Set<PosixFilePermission> mode = everyoneCanRead(file);
        if (mode != null) {
            warnings.add(file + " (" + why + ") holds a secret and every user of this host can read it (mode "
                    + PosixFilePermissions.toString(mode) + "); make it readable by the daemon only, e.g. chmod 600 "
                    + file + " (or 640 with a group of the daemon's), or use systemd's LoadCredential=");
        }
    }

    /** The file's permissions when others may read it and reach it, else {@code null}. */
    static Set<PosixFilePermission> everyoneCanRead(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!mode.contains(PosixFilePermission.OTHERS_READ)) {
                return null;
            }
            for (Path dir = file.toRealPath().getParent(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return null;
                }
            }
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // missing or unreadable: whoever reads it reports that
        }
    }

    private static boolean hasUrlWithPassword(Configuration config) {
        for (Setting s : Settings.all()) {
            if (s.kind() != Setting.Kind.LIST && config.origin(s).startsWith("configuration file")
                    && URL_WITH_PASSWORD.matcher(config.string(s).trim()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSecretProperty(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return false; // CamelPropertyFiles reports an unreadable file
        }
        for (String key : p.stringPropertyNames()) {
            if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !p.getProperty(key).isBlank()) {
                return true;
            }
        }
        return false;
    }
}
