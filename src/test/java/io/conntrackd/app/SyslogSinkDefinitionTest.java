package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conntrackd.sink.syslog.SyslogSinkComponent;
import io.conntrackd.sink.syslog.SyslogSinkConfiguration;
import io.conntrackd.sink.syslog.SyslogSinkEndpoint;
import io.conntrackd.sink.syslog.connection.Framing;
import io.conntrackd.sink.syslog.format.SyslogFormat;
import org.apache.camel.CamelContext;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.component.syslog.SyslogSeverity;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSinkDefinitionTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final SyslogSinkDefinition definition = new SyslogSinkDefinition();

    private Configuration resolve(String... args) throws ConfigurationException {
        String[] all = Stream.concat(Stream.of("run", "--sink.syslog.enable"), Arrays.stream(args))
                .toArray(String[]::new);
        return new ConfigurationResolver(env, dir).resolve(new CommandLineParser().parse(all).flags());
    }

    private Path testCa() throws Exception {
        Path ca = dir.resolve("my CA+1 (&%41).pem");
        try (InputStream in = getClass().getResourceAsStream("/io/conntrackd/sink/syslog/test-ca.pem")) {
            Files.copy(in, ca);
        }
        return ca;
    }

    /** The endpoint the daemon's route sends to, made by Camel with the prepared component. */
    private static SyslogSinkEndpoint endpoint(CamelContext camel, SinkDefinition.Prepared sink) {
        camel.addComponent("conntrack-syslog", sink.component());
        return camel.getEndpoint(sink.endpointUri(), SyslogSinkEndpoint.class);
    }

    @Test
    void theEndpointHasTheDefaults() throws Exception {
        SinkDefinition.Prepared sink = definition.prepare(resolve(), env);
        assertThat(sink.endpointUri()).isEqualTo("conntrack-syslog:udp://localhost:514");
        try (CamelContext camel = new DefaultCamelContext()) {
            SyslogSinkConfiguration options = endpoint(camel, sink).getConfiguration();
            assertThat(options.getFormat()).isEqualTo(SyslogFormat.AUTO);
            assertThat(options.getFacility()).isEqualTo(SyslogFacility.DAEMON);
            assertThat(options.getFraming()).isEqualTo(Framing.OCTET_COUNTING);
            assertThat(options.isCeeCookie()).as("the original's @cee: cookie").isTrue();
            assertThat(options.getCaFile()).isNull();
        }
    }

    @Test
    void passesEverySyslogSettingAndACaFileWithUriCharactersToTheEndpoint() throws Exception {
        Path ca = testCa();
        SinkDefinition.Prepared sink = definition.prepare(resolve("--sink.syslog.address", "tls://[::1]:6514",
                "--sink.syslog.format", "RFC3164", "--sink.syslog.facility", "local5", "--sink.syslog.framing",
                "newline", "--sink.syslog.cee=false", "--sink.syslog.tls.ca-file", ca.toString(),
                "--sink.syslog.severity", "notice"), env);
        assertThat(sink.endpointUri()).isEqualTo("conntrack-syslog:tls://[::1]:6514");
        try (CamelContext camel = new DefaultCamelContext()) {
            SyslogSinkConfiguration options = endpoint(camel, sink).getConfiguration();
            assertThat(options.getCaFile()).isEqualTo(ca.toString());
            assertThat(options.getAddress()).isEqualTo("tls://[::1]:6514");
            assertThat(options.getFormat()).isEqualTo(SyslogFormat.RFC3164);
            assertThat(options.getFacility()).isEqualTo(SyslogFacility.LOCAL5);
            assertThat(options.getSeverity()).isEqualTo(SyslogSeverity.NOTICE);
            assertThat(options.getFraming()).isEqualTo(Framing.NEWLINE);
            assertThat(options.isCeeCookie()).isFalse();
        }
    }

    @Test
    void environmentVariablesWork() throws Exception {
        env.put("CONNTRACKD_SINK_SYSLOG_ADDRESS", "unixgram:///dev/log");
        env.put("CONNTRACKD_SINK_SYSLOG_FACILITY", "LOCAL0");
        SinkDefinition.Prepared sink = definition.prepare(resolve(), env);
        assertThat(sink.endpointUri()).isEqualTo("conntrack-syslog:unixgram:///dev/log");
        assertThat(((SyslogSinkComponent) sink.component()).getConfiguration().getFacility())
                .isEqualTo(SyslogFacility.LOCAL0);
    }

    @Test
    void anUnreachableServerDoesNotKeepOutASinkThatBuffersOnDisk() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "1");
        List<String> uris = SinkPlans.select(resolve("--sink.syslog.address", "tcp://127.0.0.1:" + closed,
                "--sink.syslog.buffer", "disk", "--buffer.dir", dir.toString()), env).endpointUris();
        assertThat(uris).containsExactly("conntrack-syslog:tcp://127.0.0.1:" + closed);
    }

    @Test
    void aDiskBufferOverDatagramsIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> definition.prepare(resolve("--sink.syslog.buffer", "disk"), env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.syslog.buffer = \"disk\" (from flag --sink.syslog.buffer): a disk buffer needs a connected"
                        + " transport (tcp://, tls://, unix:// or unixpacket://), where a completed write acknowledges"
                        + " the events; sink.syslog.address sends datagrams");
    }

    @Test
    void aDiskBufferOverAUnixSeqpacketSocketIsAccepted() throws Exception {
        SinkDefinition.Prepared sink = definition.prepare(resolve("--sink.syslog.address", "unixpacket:///run/c.sock",
                "--sink.syslog.buffer", "disk", "--buffer.dir", dir.toString()), env);
        assertThat(sink.endpointUri()).isEqualTo("conntrack-syslog:unixpacket:///run/c.sock");
        assertThat(sink.diskBuffered()).isTrue();
    }

    @Test
    void aMalformedAddressNamesTheSettingItsValueAndWhatIsWrong() {
        assertThatThrownBy(() -> definition.prepare(resolve("--sink.syslog.address", "http://localhost:514"), env).endpointUri())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.syslog.address = \"http://localhost:514\" (from flag --sink.syslog.address) is not"
                        + " a syslog address: unknown scheme \"http\" (expected one of udp, tcp, tls, unix, unixgram,"
                        + " unixpacket)");
        env.put("CONNTRACKD_SINK_SYSLOG_ADDRESS", "tcp://logs");
        assertThatThrownBy(() -> definition.prepare(resolve(), env).endpointUri())
                .hasMessage("sink.syslog.address = \"tcp://logs\" (from environment variable"
                        + " CONNTRACKD_SINK_SYSLOG_ADDRESS) is not a syslog address: expected tcp://host:port");
    }

    @Test
    void anUnknownFormatFacilityOrFramingIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> resolve("--sink.syslog.format", "rfc5425"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid value \"rfc5425\" for sink.syslog.format in flag --sink.syslog.format: expected"
                        + " one of auto, rfc5424, rfc3164");
        assertThatThrownBy(() -> resolve("--sink.syslog.facility", "local8"))
                .hasMessageStartingWith("invalid value \"local8\" for sink.syslog.facility in flag"
                        + " --sink.syslog.facility: expected one of kern, user, mail, daemon,");
        assertThatThrownBy(() -> resolve("--sink.syslog.framing", "nul"))
                .hasMessage("invalid value \"nul\" for sink.syslog.framing in flag --sink.syslog.framing: expected"
                        + " one of octet-counting, newline");
    }

    @Test
    void anUnusableCaFileNamesTheSettingAndWhy() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        String tls = "tls://localhost:6514";
        assertThatThrownBy(() -> definition.prepare(resolve("--sink.syslog.address", tls,
                "--sink.syslog.tls.ca-file", "/nonexistent/ca.pem"), env).endpointUri())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.syslog.tls.ca-file = \"/nonexistent/ca.pem\" (from flag --sink.syslog.tls.ca-file)"
                        + " cannot be used: no such file");
        assertThatThrownBy(() -> definition.prepare(resolve("--sink.syslog.tls.ca-file", text.toString()), env).endpointUri())
                .hasMessageStartingWith("sink.syslog.tls.ca-file = \"" + text + "\" (from flag"
                        + " --sink.syslog.tls.ca-file) cannot be used: not a PEM or DER certificate file");
        assertThatThrownBy(() -> definition.prepare(resolve("--sink.syslog.tls.ca-file", empty.toString()), env).endpointUri())
                .hasMessageEndingWith("cannot be used: no certificate in the file");
    }

    @Test
    void theProbeConnectsToTcpAndSaysWhyItCannot() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            definition.prepare(resolve("--sink.syslog.address", "tcp://127.0.0.1:" + server.getLocalPort()), env).probe().check();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Configuration refused = resolve("--sink.syslog.address", "tcp://127.0.0.1:" + closed);
        assertThatThrownBy(() -> definition.prepare(refused, env).probe().check())
                .hasMessage("cannot connect to tcp://127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void anUnreachableServerIsSkippedWithAWarningOrStopsStartupWhenAsked() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String address = "tcp://127.0.0.1:" + closed;
        List<String> uris = SinkPlans.select(resolve("--sink.syslog.address", address,
                "--sink.stream.enable"), env).endpointUris();
        assertThat(uris).containsExactly("conntrack-stream:stdout");

        env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "1");
        assertThatThrownBy(() -> SinkPlans.select(resolve("--sink.syslog.address", address,
                "--sink.stream.enable"), env).endpointUris())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("sink syslog is not available: cannot connect to " + address + ": Connection refused")
                .hasMessageEndingWith("(exiting because CONNTRACKD_SINK_EXIT_ON_WARNING is set)");
    }
}
