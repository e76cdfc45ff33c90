package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files that hold a secret are reported as readable by every user, and which are not. */
class SecretFilesTest {

    @TempDir
    Path dir;

    private Path configDir;

    @BeforeEach
    void openDirectories() throws IOException {
        // JUnit makes @TempDir private (0700): make it searchable, as /etc is (its parent, /tmp, is)
        chmod(dir, "rwxr-xr-x");
        configDir = chmod(Files.createDirectories(dir.resolve("etc")), "rwxr-xr-x");
    }

    private static Path chmod(Path p, String mode) throws IOException {
        return Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private Path file(String name, String content, String mode) throws IOException {
        return chmod(Files.writeString(configDir.resolve(name), content), mode);
    }

    private Configuration resolve(Map<String, String> env, String... flags) throws ConfigurationException {
        String[] args = new String[flags.length + 1];
        args[0] = "run";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return new ConfigurationResolver(env, configDir).resolve(new CommandLineParser().parse(args).flags());
    }

    @Test
    void aWorldReadableTokenFileIsReportedWithItsSettingAndMode() throws Exception {
        Path token = file("loki-token", "s3cr3t-token\n", "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of(), "--sink.loki.token-file", token.toString()), configDir))
                .singleElement().asString()
                .contains(token.toString(), "sink.loki.token-file", "rw-r--r--", "chmod 600")
                .doesNotContain("s3cr3t");
    }

    @Test
    void privateOrGroupReadableSecretFilesAreFine() throws Exception {
        Path token = file("loki-token", "t", "rw-------");
        Path password = file("loki-password", "p", "rw-r-----");
        assertThat(SecretFiles.warnings(resolve(Map.of(), "--sink.loki.token-file", token.toString(),
                "--sink.loki.password-file", password.toString(), "--sink.loki.username", "u"), configDir)).isEmpty();
    }

    @Test
    void aWorldReadableFileInAPrivateDirectoryIsNotReported() throws Exception {
        Path credentials = Files.createDirectories(configDir.resolve("credentials"));
        Path token = chmod(Files.writeString(credentials.resolve("token"), "t"), "rw-r--r--");
        chmod(credentials, "rwx------");
        assertThat(SecretFiles.warnings(resolve(Map.of(), "--sink.loki.token-file", token.toString()), configDir))
                .isEmpty();
    }

    @Test
    void aWorldReadableConfigFileIsReportedOnlyWhenItHoldsAUrlWithAPassword() throws Exception {
        Path config = file("conntrackd.yaml", "profiler:\n  address: http://user:pw@pyroscope:4040\n", "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of()), configDir)).singleElement().asString()
                .contains(config.toString(), "the configuration file, which has a URL with a password")
                .doesNotContain("user:pw");

        file("conntrackd.yaml", "profiler:\n  address: http://pyroscope:4040\n", "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of()), configDir)).isEmpty();
    }

    @Test
    void aUrlWithAPasswordFromTheEnvironmentDoesNotMakeTheConfigFileSecret() throws Exception {
        file("conntrackd.yaml", "log:\n  level: info\n", "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of("CONNTRACKD_PROFILER_ADDRESS", "http://u:p@h:4040")),
                configDir)).isEmpty();
    }

    @Test
    void camelPropertiesWithASecretKeyAreReported() throws Exception {
        Path properties = file("application.properties", "camel.main.name = x\nmy.db.password = hunter2\n",
                "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of()), configDir)).singleElement().asString()
                .contains(properties.toString(), "Camel properties").doesNotContain("hunter2");

        file("application.properties", "camel.main.name = x\nmy.db.password =\n", "rw-r--r--");
        assertThat(SecretFiles.warnings(resolve(Map.of()), configDir)).as("empty value").isEmpty();
    }
}
