package io.conntrackd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away CA and a server certificate for 127.0.0.1 (and no host name), made with the openssl command
 * (P-256 keys, valid for two days); on demand also a client certificate from the same CA in a PKCS12 key
 * store ({@link #clientKeyStore}), for servers that require client certificates.
 *
 * @param caFile          the CA certificate (PEM)
 * @param certificateFile the server certificate, signed by the CA (PEM)
 * @param keyFile         the server's private key (PEM)
 */
public record TestCertificates(Path caFile, Path certificateFile, Path keyFile) {

    private static final String EC = "ec_paramgen_curve:prime256v1";

    /** Creates the files in {@code dir}; skips (or under CI fails) the test without openssl. */
    public static TestCertificates create(Path dir) throws IOException {
        String openssl = Prerequisites.requireCommand("openssl");
        TestCertificates t = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"),
                dir.resolve("server.key"));
        run(List.of(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", EC, "-nodes", "-keyout",
                t.caKeyFile().toString(), "-out", t.caFile.toString(), "-days", "2", "-subj", "/CN=conntrackd test CA"));
        Path extensions = Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n",
                StandardCharsets.US_ASCII);
        t.sign(openssl, "server", "/CN=conntrackd test server", extensions);
        return t;
    }

    /**
     * Makes a client certificate ({@code CN=conntrackd test client}) signed by the CA, and a PKCS12 key store
     * beside the CA with it, its key and the CA certificate, protected by {@code password} (as openssl makes
     * it, the key has the same password); returns the store.
     */
    public Path clientKeyStore(String password) throws IOException {
        String openssl = Prerequisites.requireCommand("openssl");
        Path dir = caFile.getParent();
        Path extensions = Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n",
                StandardCharsets.US_ASCII);
        sign(openssl, "client", "/CN=conntrackd test client", extensions);
        Path store = dir.resolve("client.p12");
        run(List.of(openssl, "pkcs12", "-export", "-name", "client", "-inkey", dir.resolve("client.key").toString(),
                "-in", dir.resolve("client.pem").toString(), "-certfile", caFile.toString(), "-out", store.toString(),
                "-passout", "pass:" + password));
        return store;
    }

    /** {@code NAME.key} and {@code NAME.pem}, a certificate for {@code subject} signed by the CA, beside it. */
    private void sign(String openssl, String name, String subject, Path extensions) throws IOException {
        Path dir = caFile.getParent();
        Path request = dir.resolve(name + ".csr");
        run(List.of(openssl, "req", "-newkey", "ec", "-pkeyopt", EC, "-nodes", "-keyout",
                dir.resolve(name + ".key").toString(), "-out", request.toString(), "-subj", subject));
        run(List.of(openssl, "x509", "-req", "-in", request.toString(), "-CA", caFile.toString(), "-CAkey",
                caKeyFile().toString(), "-CAcreateserial", "-out", dir.resolve(name + ".pem").toString(), "-days", "2",
                "-extfile", extensions.toString()));
    }

    private Path caKeyFile() {
        return caFile.resolveSibling("ca.key");
    }

    private static void run(List<String> command) throws IOException {
        Command.run(Duration.ofSeconds(30), command).requireSuccess();
    }
}
