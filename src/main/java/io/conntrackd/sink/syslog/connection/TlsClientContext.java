package io.conntrackd.sink.syslog.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards a syslog server (RFC 5425): the server's certificate must chain to a trusted CA (the
 * JVM's trust store, or the certificates of a CA file) and name the host we connect to.
 */
public final class TlsClientContext {

    private final SSLContext context;

    private TlsClientContext(SSLContext context) {
        this.context = context;
    }

    /**
     * Trusts the CAs in {@code caFile} (PEM or DER, one or more certificates), or the JVM's trust store
     * when {@code caFile} is null.
     *
     * @throws IOException the file cannot be read or holds no certificate; the message says which
     */
    public static TlsClientContext trusting(Path caFile) throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(caFile == null ? null : keyStoreOf(caFile));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new TlsClientContext(context);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static KeyStore keyStoreOf(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        } catch (CertificateException e) {
            throw new IOException("not a PEM or DER certificate file (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    /** A client engine for {@code host}: sends SNI and checks that the certificate names the host. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(verifyingHost(engine.getSSLParameters()));
        return engine;
    }

    /** Performs the handshake on a connected socket, with the same checks as {@link #newEngine}. */
    public void handshake(Socket socket, String host, int port) throws IOException {
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true)) {
            tls.setSSLParameters(verifyingHost(tls.getSSLParameters()));
            tls.startHandshake();
        }
    }

    private static SSLParameters verifyingHost(SSLParameters parameters) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
