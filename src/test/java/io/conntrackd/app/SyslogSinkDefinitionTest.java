package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.conntrackd.sink.syslog.SyslogSinkEndpoint;
import org.apache.camel.CamelContext;
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

    @Test
    void buildsTheEndpointUriFromTheDefaults() throws Exception {
        assertThat(definition.endpointUri(resolve())).isEqualTo("conntrack-syslog:udp://localhost:514"
                + "?format=auto&facility=daemon&framing=octet-counting&ceeCookie=false");
    }

    @Test
    void passesEverySyslogSettingAndACaFileThatSurvivesUriEncoding() throws Exception {
        Path ca = testCa();
        String uri = definition.endpointUri(resolve("--sink.syslog.address", "tls://[::1]:6514",
                "--sink.syslog.format", "RFC3164", "--sink.syslog.facility", "local5", "--sink.syslog.framing",
                "newline", "--sink.syslog.cee", "--sink.syslog.tls.ca-file", ca.toString()));
        assertThat(uri).startsWith("conntrack-syslog:tls://[::1]:6514?format=rfc3164&facility=local5"
                + "&framing=newline&ceeCookie=true&caFile=");
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            SyslogSinkEndpoint endpoint = camel.getEndpoint(uri, SyslogSinkEndpoint.class);
            assertThat(endpoint.getCaFile()).isEqualTo(ca.toString());
            assertThat(endpoint.getAddress()).isEqualTo("tls://[::1]:6514");
            assertThat(endpoint.isCeeCookie()).isTrue();
        }
    }

    @Test
    void environmentVariablesWork() throws Exception {
        env.put("CONNTRACKD_SINK_SYSLOG_ADDRESS", "unixgram:///dev/log");
        env.put("CONNTRACKD_SINK_SYSLOG_FACILITY", "LOCAL0");
        assertThat(definition.endpointUri(resolve())).isEqualTo("conntrack-syslog:unixgram:///dev/log"
                + "?format=auto&facility=local0&framing=octet-counting&ceeCookie=false");
    }

    @Test
    void aMalformedAddressNamesTheSettingItsValueAndWhatIsWrong() {
        assertThatThrownBy(() -> definition.endpointUri(resolve("--sink.syslog.address", "http://localhost:514")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.syslog.address = \"http://localhost:514\" (from flag --sink.syslog.address) is not"
                        + " a syslog address: unknown scheme \"http\" (expected one of udp, tcp, tls, unix, unixgram)");
        env.put("CONNTRACKD_SINK_SYSLOG_ADDRESS", "tcp://logs");
        assertThatThrownBy(() -> definition.endpointUri(resolve()))
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
        assertThatThrownBy(() -> definition.endpointUri(resolve("--sink.syslog.address", tls,
                "--sink.syslog.tls.ca-file", "/nonexistent/ca.pem")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.syslog.tls.ca-file = \"/nonexistent/ca.pem\" (from flag --sink.syslog.tls.ca-file)"
                        + " cannot be used: no such file");
        assertThatThrownBy(() -> definition.endpointUri(resolve("--sink.syslog.tls.ca-file", text.toString())))
                .hasMessageStartingWith("sink.syslog.tls.ca-file = \"" + text + "\" (from flag"
                        + " --sink.syslog.tls.ca-file) cannot be used: not a PEM or DER certificate file");
        assertThatThrownBy(() -> definition.endpointUri(resolve("--sink.syslog.tls.ca-file", empty.toString())))
                .hasMessageEndingWith("cannot be used: no certificate in the file");
    }

    @Test
    void theProbeConnectsToTcpAndSaysWhyItCannot() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            definition.probe(resolve("--sink.syslog.address", "tcp://127.0.0.1:" + server.getLocalPort()));
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Configuration refused = resolve("--sink.syslog.address", "tcp://127.0.0.1:" + closed);
        assertThatThrownBy(() -> definition.probe(refused))
                .hasMessage("cannot connect to tcp://127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void anUnreachableServerIsSkippedWithAWarningOrStopsStartupWhenAsked() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String address = "tcp://127.0.0.1:" + closed;
        PrintStream notices = new PrintStream(new ByteArrayOutputStream());
        List<String> uris = SinkPlan.endpointUris(resolve("--sink.syslog.address", address,
                "--sink.stream.enable"), notices);
        assertThat(uris).containsExactly("conntrack-stream:stdout");

        env.put("CONNTRACKD_SINK_EXIT_ON_WARNING", "1");
        assertThatThrownBy(() -> SinkPlan.endpointUris(resolve("--sink.syslog.address", address,
                "--sink.stream.enable"), notices))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("sink syslog is not available: cannot connect to " + address + ": Connection refused")
                .hasMessageEndingWith("(exiting because CONNTRACKD_SINK_EXIT_ON_WARNING is set)");
    }
}
