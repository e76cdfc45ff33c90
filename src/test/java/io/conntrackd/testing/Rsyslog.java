package io.conntrackd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real rsyslogd started by a test on loopback, in its own directory with random free ports: imudp,
 * imtcp (octet-counted and newline framing), imtcp with TLS (when certificates are given), imuxsock
 * on {@link #datagramSocket()} and imptcp on a private stream socket. Every message it receives is
 * parsed by rsyslog and written by omfile as one JSON object per line with the properties rsyslog
 * parsed (hostname, app-name, procid, msgid, severity, facility, structured-data, msg, ...) and, under
 * {@code parsed}, what mmjsonparse made of the MSG: in its default cookie mode when the MSG has the
 * {@code @cee:} cookie ({@code json_mode} "cookie"), else without a cookie ("plain"), and whether
 * it succeeded ({@code parse_success} "OK").
 */
public final class Rsyslog extends SyslogServer {

    private final Path config;
    private final int tlsPort;

    private Rsyslog(Path dir, TestCertificates tls) throws IOException {
        super("rsyslogd", dir, dir.resolve("messages.json"));
        this.config = dir.resolve("rsyslog.conf");
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
        // Debian's rsyslog package ships it, so under CI its absence is a failure
        Prerequisites.require(hasModule("mmjsonparse.so"), "rsyslog's mmjsonparse module is not installed");
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

    public int tlsPort() {
        return tlsPort;
    }

    /** imptcp's unix stream socket. */
    public Path streamSocket() {
        return dir().resolve("stream.sock");
    }

    private String config(TestCertificates tls) {
        String d = dir().toString();
        StringBuilder c = new StringBuilder()
                .append("global(workDirectory=\"").append(d).append("\" maxMessageSize=\"64k\")\n")
                .append("module(load=\"imudp\")\nmodule(load=\"imtcp\")\nmodule(load=\"imptcp\")\n")
                .append("module(load=\"imuxsock\" SysSock.Use=\"off\")\nmodule(load=\"mmjsonparse\")\n")
                .append("input(type=\"imudp\" address=\"127.0.0.1\" port=\"").append(udpPort()).append("\")\n")
                .append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(tcpPort()).append("\")\n")
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
                .append(property("json_mode", "$.json_mode")).append(property("parse_success", "$.parse_success"))
                .append("  constant(value=\"\\\"parsed\\\":\") property(name=\"$!\") constant(value=\"}\\n\")\n}\n")
                .append("if $programname == \"rsyslogd\" then stop\n")
                // mmjsonparse's default is cookie mode: it parses what follows "@cee:" (and skips blanks)
                .append("if $msg contains \"@cee:\" then { set $.json_mode = \"cookie\";")
                .append(" action(type=\"mmjsonparse\") }")
                .append(" else { set $.json_mode = \"plain\"; action(type=\"mmjsonparse\" cookie=\"\") }\n")
                // $parsesuccess is readable in a condition only, not in a template
                .append("if $parsesuccess == \"OK\" then { set $.parse_success = \"OK\"; }")
                .append(" else { set $.parse_success = \"FAIL\"; }\n")
                .append("action(type=\"omfile\" file=\"").append(output()).append("\" template=\"parsed\")\n")
                .toString();
    }

    private static String property(String out, String name) {
        return "  property(outname=\"" + out + "\" name=\"" + name + "\" format=\"jsonf\") constant(value=\",\")\n";
    }

    @Override
    protected List<String> command() {
        return List.of(requireRsyslogd(), "-n", "-f", config.toString(), "-i",
                dir().resolve("rsyslogd.pid").toString());
    }

    @Override
    protected boolean listening() {
        return ready(List.of(datagramSocket(), streamSocket()), tlsPort > 0 ? new int[] {tcpPort(), tlsPort}
                : new int[] {tcpPort()});
    }

    /** Messages whose app-name is {@code appName}. */
    public static Predicate<JsonNode> fromApp(String appName) {
        return m -> appName.equals(m.path("app_name").asText());
    }
}
