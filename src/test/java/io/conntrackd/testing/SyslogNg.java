package io.conntrackd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real syslog-ng started by a test on loopback, in its own directory with random free ports, running
 * the configuration that docs/syslog.md gives (section "syslog-ng") with only its ports and paths
 * replaced: {@code syslog()} sources on TCP and UDP, a {@code unix-dgram()} socket, {@code json-parser}
 * and a file destination that writes, one JSON object per line, the header fields syslog-ng parsed
 * (host, program, pid, msgid, facility, severity, sequence_id) and under {@code conntrack} the parsed
 * payload.
 *
 * <p>Debian's syslog-ng-core conflicts with rsyslog, so .ci/run unpacks it (dpkg-deb -x) into
 * {@code /opt/syslog-ng} instead of installing it; the system property {@code syslogng.home} or the
 * environment variable {@code SYSLOG_NG_HOME} names another such directory ({@code /} for an installed
 * syslog-ng).
 */
public final class SyslogNg extends SyslogServer {

    /** The documentation whose syslog-ng snippet the server runs. */
    public static final Path DOC = Path.of("docs/syslog.md");
    /** The snippet's addresses, replaced by the test's own. */
    private static final String DOC_TCP = "transport(\"tcp\") port(514)";
    private static final String DOC_UDP = "transport(\"udp\") port(514)";
    private static final String DOC_SOCKET = "/run/conntrackd-syslog.sock";
    private static final String DOC_FILE = "/var/log/conntrack.json";

    private static final String DEFAULT_HOME = "/opt/syslog-ng";
    private static final Pattern SNIPPET = Pattern.compile("\n### syslog-ng\n.*?\n```\n(.*?)```\n", Pattern.DOTALL);

    private final Path home;
    private final Path moduleDir;
    private final Path config;

    private SyslogNg(Path home, Path dir) throws IOException {
        super("syslog-ng", dir, dir.resolve("conntrack.json"));
        this.home = home;
        this.moduleDir = moduleDir(home);
        this.config = dir.resolve("syslog-ng.conf");
        Files.writeString(config, "@version: " + version() + "\n" + config(documentedConfig()));
    }

    /**
     * The directory syslog-ng-core is unpacked in (with {@code usr/sbin/syslog-ng}); skips (or under CI
     * fails) the test when there is none.
     */
    public static Path requireSyslogNg() {
        String configured = System.getProperty("syslogng.home", System.getenv("SYSLOG_NG_HOME"));
        Path home = Path.of(configured == null || configured.isBlank() ? DEFAULT_HOME : configured);
        Prerequisites.require(Files.isExecutable(home.resolve("usr/sbin/syslog-ng")) && moduleDir(home) != null,
                "syslog-ng is not unpacked in " + home + " (.ci/run does it: apt-get download syslog-ng-core;"
                        + " dpkg-deb -x syslog-ng-core_*.deb " + DEFAULT_HOME + "; -Dsyslogng.home or SYSLOG_NG_HOME"
                        + " name another directory)");
        return home;
    }

    /** Starts syslog-ng in {@code dir} and waits until it listens. */
    public static SyslogNg start(Path dir) throws IOException, InterruptedException {
        SyslogNg s = new SyslogNg(requireSyslogNg(), dir);
        s.launch();
        return s;
    }

    /** {@code usr/lib/syslog-ng/3.38} (the modules of the one version unpacked there), or null. */
    private static Path moduleDir(Path home) {
        try (var dirs = Files.list(home.resolve("usr/lib/syslog-ng"))) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+\\.\\d+")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The major.minor version, e.g. {@code 3.38}, as the configuration's {@code @version} wants it. */
    public String version() {
        return moduleDir.getFileName().toString();
    }

    /** The syslog-ng snippet of docs/syslog.md. */
    public static String documentedConfig() throws IOException {
        Matcher m = SNIPPET.matcher(Files.readString(DOC));
        if (!m.find()) {
            throw new IllegalStateException(DOC + " has no code block in its section ### syslog-ng");
        }
        return m.group(1);
    }

    private String config(String documented) {
        return replace(replace(replace(replace(documented, DOC_TCP, "ip(\"127.0.0.1\") transport(\"tcp\") port("
                + tcpPort() + ")"), DOC_UDP, "ip(\"127.0.0.1\") transport(\"udp\") port(" + udpPort() + ")"),
                DOC_SOCKET, datagramSocket().toString()), DOC_FILE, output().toString());
    }

    private static String replace(String text, String documented, String actual) {
        if (!text.contains(documented)) {
            throw new IllegalStateException(DOC + "'s syslog-ng snippet no longer contains " + documented);
        }
        return text.replace(documented, actual);
    }

    @Override
    protected List<String> command() {
        return List.of(home.resolve("usr/sbin/syslog-ng").toString(), "--foreground", "--stderr", "--no-caps",
                "--cfgfile", config.toString(), "--module-path", moduleDir.toString(),
                "--persist-file", dir().resolve("syslog-ng.persist").toString(),
                "--pidfile", dir().resolve("syslog-ng.pid").toString(),
                "--control", dir().resolve("syslog-ng.ctl").toString());
    }

    @Override
    protected Map<String, String> environment() {
        // the binary's RUNPATH is /usr/lib/syslog-ng, where libsyslog-ng is when installed
        return Map.of("LD_LIBRARY_PATH", home.resolve("usr/lib/syslog-ng").toString());
    }

    @Override
    protected boolean listening() {
        return ready(List.of(datagramSocket()), tcpPort());
    }

    /** Messages whose program (APP-NAME, or the RFC 3164 tag) is {@code program}. */
    public static Predicate<JsonNode> fromProgram(String program) {
        return m -> program.equals(m.path("program").asText());
    }
}
