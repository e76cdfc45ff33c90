package io.conntrackd.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real rsyslogd started by a test on loopback, in its own directory with random free ports: imudp,
 * imtcp (octet-counted and newline framing), imtcp with TLS (when certificates are given), imuxsock
 * on a private datagram socket and imptcp on a private stream socket. Every message it receives is
 * parsed by rsyslog and written by omfile as one JSON object per line with the properties rsyslog
 * parsed (hostname, app-name, procid, msgid, severity, facility, structured-data, msg, ...) and, under
 * {@code parsed}, what mmjsonparse made of the MSG (with the {@code @cee:} cookie or without).
 */
public final class Rsyslog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Path dir;
    private final Path config;
    private final Path output;
    private final int udpPort;
    private final int tcpPort;
    private final int tlsPort;
    private Process process;

    private Rsyslog(Path dir, TestCertificates tls) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("rsyslog.conf");
        this.output = dir.resolve("messages.json");
        this.udpPort = freeUdpPort();
        this.tcpPort = freeTcpPort();
        this.tlsPort = tls == null ? -1 : freeTcpPort();
        Files.writeString(config, config(tls));
    }

    /** Skips (or under CI fails) the test unless rsyslogd is installed. */
    public static String requireRsyslogd() {
        return Prerequisites.requireCommand("rsyslogd");
    }

    /**
     * Starts rsyslogd in {@code dir} and waits until it listens.
     *
     * @param tls certificates for a TLS listener, or null for none
     */
    public static Rsyslog start(Path dir, TestCertificates tls) throws IOException, InterruptedException {
        requireRsyslogd();
        if (tls != null) {
            Prerequisites.require(hasModule("lmnsd_ossl.so"), "rsyslog's OpenSSL driver (Debian package"
                    + " rsyslog-openssl) is not installed");
        }
        Rsyslog r = new Rsyslog(dir, tls);
        r.launch();
        return r;
    }

    private static boolean hasModule(String file) {
        try (var libs = Files.list(Path.of("/usr/lib"))) {
            return libs.anyMatch(d -> Files.exists(d.resolve("rsyslog").resolve(file)))
                    || Files.exists(Path.of("/usr/lib/rsyslog", file));
        } catch (IOException e) {
            return false;
        }
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** imuxsock's socket, as /dev/log is for the system's syslog daemon. */
    public Path datagramSocket() {
        return dir.resolve("dgram.sock");
    }

    /** imptcp's unix stream socket. */
    public Path streamSocket() {
        return dir.resolve("stream.sock");
    }

    private String config(TestCertificates tls) {
        String d = dir.toString();
        StringBuilder c = new StringBuilder()
                .append("global(workDirectory=\"").append(d).append("\" maxMessageSize=\"64k\")\n")
                .append("module(load=\"imudp\")\nmodule(load=\"imtcp\")\nmodule(load=\"imptcp\")\n")
                .append("module(load=\"imuxsock\" SysSock.Use=\"off\")\nmodule(load=\"mmjsonparse\")\n")
                .append("input(type=\"imudp\" address=\"127.0.0.1\" port=\"").append(udpPort).append("\")\n")
                .append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(tcpPort).append("\")\n")
                .append("input(type=\"imuxsock\" Socket=\"").append(datagramSocket()).append("\")\n")
                .append("input(type=\"imptcp\" path=\"").append(streamSocket()).append("\" unlink=\"on\")\n");
        if (tls != null) {
            c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(tlsPort)
                    .append("\" streamDriver.name=\"ossl\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\"")
                    .append(" streamDriver.CAFile=\"").append(tls.caFile())
                    .append("\" streamDriver.CertFile=\"").append(tls.certificateFile())
                    .append("\" streamDriver.KeyFile=\"").append(tls.keyFile()).append("\")\n");
        }
        return c.append("template(name=\"parsed\" type=\"list\") {\n  constant(value=\"{\")\n")
                .append(property("hostname", "hostname")).append(property("app_name", "app-name"))
                .append(property("procid", "procid")).append(property("msgid", "msgid"))
                .append(property("severity", "syslogseverity-text"))
                .append(property("facility", "syslogfacility-text"))
                .append(property("structured_data", "structured-data"))
                .append(property("protocol_version", "protocol-version"))
                .append(property("input", "inputname")).append(property("tag", "syslogtag"))
                .append("  property(outname=\"timestamp\" name=\"timereported\" dateFormat=\"rfc3339\""
                        + " format=\"jsonf\") constant(value=\",\")\n")
                .append(property("msg", "msg"))
                .append("  constant(value=\"\\\"parsed\\\":\") property(name=\"$!\") constant(value=\"}\\n\")\n}\n")
                .append("if $programname == \"rsyslogd\" then stop\n")
                .append("if $msg contains \"@cee:\" then { action(type=\"mmjsonparse\") }")
                .append(" else { action(type=\"mmjsonparse\" cookie=\"\") }\n")
                .append("action(type=\"omfile\" file=\"").append(output).append("\" template=\"parsed\")\n")
                .toString();
    }

    private static String property(String out, String name) {
        return "  property(outname=\"" + out + "\" name=\"" + name + "\" format=\"jsonf\") constant(value=\",\")\n";
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(requireRsyslogd(), "-n", "-f", config.toString(), "-i",
                dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("rsyslogd did not start listening: " + Files.readString(
                        dir.resolve("rsyslogd.log")));
            }
            Thread.sleep(20);
        }
    }

    private boolean listening() {
        if (!Files.exists(datagramSocket()) || !Files.exists(streamSocket())) {
            return false;
        }
        for (int port : tlsPort > 0 ? new int[] {tcpPort, tlsPort} : new int[] {tcpPort}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Stops rsyslogd (SIGTERM), waiting until it has exited. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts rsyslogd again with the same configuration, ports and sockets. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** Every message received so far. */
    public List<JsonNode> messages() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.exists(output)) {
            return all;
        }
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }

    /** Waits until at least {@code count} received messages match, and returns the matching ones. */
    public List<JsonNode> await(Predicate<JsonNode> filter, int count, Duration timeout) throws IOException {
        return Await.until(() -> messages().stream().filter(filter).toList(), m -> m.size() >= count, timeout);
    }

    /** Messages whose app-name is {@code appName}. */
    public static Predicate<JsonNode> fromApp(String appName) {
        return m -> appName.equals(m.path("app_name").asText());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
