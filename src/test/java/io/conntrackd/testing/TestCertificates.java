package io.conntrackd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away CA and a server certificate for 127.0.0.1 (and no host name), made with the openssl command
 * (P-256 keys, valid for two days).
 *
 * @param caFile          the CA certificate (PEM)
 * @param certificateFile the server certificate, signed by the CA (PEM)
 * @param keyFile         the server's private key (PEM)
 */
public record TestCertificates(Path caFile, Path certificateFile, Path keyFile) {

    /** Creates the files in {@code dir}; skips (or under CI fails) the test without openssl. */
    public static TestCertificates create(Path dir) throws IOException {
        String openssl = Prerequisites.requireCommand("openssl");
        TestCertificates t = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"),
                dir.resolve("server.key"));
        Path caKey = dir.resolve("ca.key");
        Path request = dir.resolve("server.csr");
        Path extensions = dir.resolve("server.ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n", StandardCharsets.US_ASCII);
        String ec = "ec_paramgen_curve:prime256v1";
        run(List.of(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", caKey.toString(),
                "-out", t.caFile.toString(), "-days", "2", "-subj", "/CN=conntrackd test CA"));
        run(List.of(openssl, "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", t.keyFile.toString(),
                "-out", request.toString(), "-subj", "/CN=conntrackd test server"));
        run(List.of(openssl, "x509", "-req", "-in", request.toString(), "-CA", t.caFile.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-out", t.certificateFile.toString(), "-days", "2",
                "-extfile", extensions.toString()));
        return t;
    }

    private static void run(List<String> command) throws IOException {
        Command.run(Duration.ofSeconds(30), command).requireSuccess();
    }
}
