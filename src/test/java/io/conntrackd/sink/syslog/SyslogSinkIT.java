package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.syslog.connection.SyslogAddress;
import io.conntrackd.sink.syslog.connection.SyslogProbe;
import io.conntrackd.sink.syslog.connection.TlsClientContext;
import io.conntrackd.sink.syslog.format.Sender;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.Rsyslog;
import io.conntrackd.testing.TestCertificates;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The syslog sink against a real rsyslogd: what rsyslog parsed out of our messages, field by field. */
class SyslogSinkIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The messages of TestEvents.tcp4() and udp6() (whatever their locations), as the original writes them. */
    private static final String TCP4_MESSAGE = "NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443";
    private static final String UDP6_MESSAGE = "UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353"
            + " to [2a01:4f8::2]:53";
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final Location GEO = new Location("Zürich", "Switzerland", "CH", 47.3769, 8.5417, 3303,
            "Swisscom (Schweiz) AG");

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static Rsyslog rsyslog;

    CamelContext camel;
    ProducerTemplate template;
    String app;

    @BeforeAll
    static void startRsyslog() throws Exception {
        Rsyslog.requireRsyslogd();
        certificates = TestCertificates.create(dir);
        rsyslog = Rsyslog.start(dir, certificates);
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @BeforeEach
    void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
        app = "ct-" + UUID.randomUUID().toString().substring(0, 8); // tells this test's messages apart
    }

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
    }

    private SinkStats send(String uri, Object body) {
        String full = uri + (uri.contains("?") ? "&" : "?") + "appName=" + app;
        template.sendBody(full, body);
        return camel.getEndpoint(full, SyslogSinkEndpoint.class).getStats();
    }

    /** The stats once every accepted event is delivered, failed or dropped (rsyslog may be faster than the count). */
    private static SinkStats settled(SinkStats stats) throws Exception {
        Await.until("every accepted event delivered, failed or dropped",
                () -> stats.delivered() + stats.failed() + stats.dropped(), n -> n >= stats.accepted(), WAIT);
        return stats;
    }

    private List<JsonNode> received(int count) throws Exception {
        List<JsonNode> messages = rsyslog.await(Rsyslog.fromApp(app), count, WAIT);
        assertThat(messages).as("messages received by rsyslog").hasSize(count);
        return messages;
    }

    @Test
    void rfc5424OverUdpArrivesWithEveryHeaderFieldAndTheJsonPayload() throws Exception {
        ConntrackEvent event = TestEvents.tcp4().withLocations(null, GEO);
        send("conntrack-syslog:udp://127.0.0.1:" + rsyslog.udpPort() + "?hostname=probe.example.org", event);

        JsonNode m = received(1).get(0);
        assertThat(m.path("input").asText()).isEqualTo("imudp");
        assertThat(m.path("protocol_version").asText()).isEqualTo("1");
        assertThat(m.path("hostname").asText()).isEqualTo("probe.example.org");
        assertThat(m.path("procid").asText()).isEqualTo(PID);
        assertThat(m.path("msgid").asText()).isEqualTo("NEW");
        assertThat(m.path("severity").asText()).isEqualTo("info");
        assertThat(m.path("facility").asText()).isEqualTo("daemon");
        assertThat(m.path("structured_data").asText()).isEqualTo("[meta sequenceId=\"1\"]");
        // RFC 5424 allows microseconds; the test JVM runs in UTC (see pom.xml)
        assertThat(m.path("timestamp").asText()).isEqualTo("2025-11-25T11:35:11.082791Z");
        assertPayload(m.path("parsed"), event);
    }

    private static void assertPayload(JsonNode payload, ConntrackEvent event) {
        JsonNode e = payload.path("event");
        assertThat(e.path("type").asText()).isEqualTo(event.type().name());
        assertThat(e.path("flow").asLong()).isEqualTo(event.flowId());
        assertThat(e.path("prot").asText()).isEqualTo(event.protocol().name());
        assertThat(e.path("src_addr").asText()).isEqualTo(event.original().source().toString());
        assertThat(e.path("dst_addr").asText()).isEqualTo(event.original().destination().toString());
        assertThat(e.path("src_port").asInt()).isEqualTo(event.original().sourcePort());
        assertThat(e.path("dst_port").asInt()).isEqualTo(event.original().destinationPort());
        if (event.destinationLocation() != null) {
            assertThat(e.path("dst_city").asText()).isEqualTo("Zürich");
            assertThat(e.path("dst_country").asText()).isEqualTo("Switzerland");
            assertThat(e.path("dst_lat").asDouble()).isEqualTo(47.3769);
            assertThat(e.path("dst_lon").asDouble()).isEqualTo(8.5417);
            assertThat(e.path("dst_as_org").asText()).isEqualTo("Swisscom (Schweiz) AG");
        }
        assertThat(payload.path("level").asText()).isEqualTo("INFO");
        assertThat(payload.path("message").asText())
                .isEqualTo(event.protocol() == Protocol.TCP ? TCP4_MESSAGE : UDP6_MESSAGE);
        assertThat(payload.path("timestamp").asText()).isEqualTo("2025-11-25T11:35:11.082791653Z");
    }

    @Test
    void octetCountedTcpCarriesABatchInOrderOverOneConnection() throws Exception {
        List<ConntrackEvent> batch = List.of(TestEvents.tcp4(), TestEvents.udp6().withLocations(GEO, null),
                TestEvents.tcp4().withLocations(GEO, GEO));
        SinkStats stats = send("conntrack-syslog:tcp://127.0.0.1:" + rsyslog.tcpPort() + "?facility=local3", batch);

        List<JsonNode> m = received(3);
        for (int i = 0; i < 3; i++) {
            assertThat(m.get(i).path("input").asText()).isEqualTo("imtcp");
            assertThat(m.get(i).path("facility").asText()).isEqualTo("local3");
            assertThat(m.get(i).path("structured_data").asText()).isEqualTo("[meta sequenceId=\"" + (i + 1) + "\"]");
            assertPayload(m.get(i).path("parsed"), batch.get(i));
        }
        assertThat(m.get(1).path("msgid").asText()).isEqualTo("UPDATE");
        assertThat(m.get(1).path("parsed").path("event").path("src_addr").asText())
                .isEqualTo("2003:cf:1716:7b64:da80:83ff:fecd:da51");
        assertThat(settled(stats).delivered()).isEqualTo(3);
    }

    @Test
    void newlineFramedTcpArrivesToo() throws Exception {
        send("conntrack-syslog:tcp://127.0.0.1:" + rsyslog.tcpPort() + "?framing=newline",
                List.of(TestEvents.tcp4(), TestEvents.udp6()));
        List<JsonNode> m = received(2);
        assertPayload(m.get(0).path("parsed"), TestEvents.tcp4());
        assertPayload(m.get(1).path("parsed"), TestEvents.udp6());
    }

    @Test
    void tlsVerifiesTheServerAgainstTheCaFile() throws Exception {
        SinkStats stats = send("conntrack-syslog:tls://127.0.0.1:" + rsyslog.tlsPort() + "?caFile="
                + certificates.caFile(), TestEvents.udp6());
        JsonNode m = received(1).get(0);
        assertThat(m.path("msgid").asText()).isEqualTo("UPDATE");
        assertPayload(m.path("parsed"), TestEvents.udp6());
        assertThat(settled(stats).delivered()).isEqualTo(1);
    }

    @Test
    void tlsSendsNothingToAServerItDoesNotTrust() throws Exception {
        // the JVM's trust store does not know the test CA: the handshake fails and the events wait
        String untrusting = "conntrack-syslog:tls://127.0.0.1:" + rsyslog.tlsPort() + "?reconnectDelay=50";
        SinkStats stats = send(untrusting, TestEvents.tcp4());
        SyslogSinkEndpoint endpoint = camel.getEndpoint(untrusting + "&appName=" + app, SyslogSinkEndpoint.class);
        Await.until("the untrusting sink to try", endpoint::writingSinceNanos, w -> w.isPresent(), WAIT);
        // a sentinel the same way from a trusting sink, begun after the untrusting sink's handshake
        String sentinelApp = app + "-sentinel";
        template.sendBody("conntrack-syslog:tls://127.0.0.1:" + rsyslog.tlsPort() + "?caFile="
                + certificates.caFile() + "&appName=" + sentinelApp, TestEvents.udp6());
        rsyslog.await(Rsyslog.fromApp(sentinelApp), 1, WAIT);

        assertThat(rsyslog.messages().stream().filter(Rsyslog.fromApp(app))).isEmpty();
        camel.close();
        assertThat(stats.delivered()).as("nothing delivered, up to the sink's end").isZero();
        assertThat(stats.failed() + stats.dropped()).isEqualTo(1);
    }

    @Test
    void theStartupProbeCompletesTheTlsHandshakeAndChecksTheServerName() throws Exception {
        TlsClientContext trusted = TlsClientContext.trusting(certificates.caFile());
        SyslogProbe.check(SyslogAddress.parse("tls://127.0.0.1:" + rsyslog.tlsPort()), trusted, 5000);

        SyslogAddress byIp = SyslogAddress.parse("tls://127.0.0.1:" + rsyslog.tlsPort());
        assertThatThrownBy(() -> SyslogProbe.check(byIp, TlsClientContext.trusting(null), 5000))
                .hasMessageStartingWith("TLS handshake with " + byIp + " failed: PKIX path building failed");
        // the certificate names 127.0.0.1 only
        SyslogAddress byName = SyslogAddress.parse("tls://localhost:" + rsyslog.tlsPort());
        assertThatThrownBy(() -> SyslogProbe.check(byName, trusted, 5000))
                .hasMessage("TLS handshake with " + byName + " failed: No name matching localhost found");
    }

    @Test
    void rfc3164OverUdpCarriesHostnameAndTag() throws Exception {
        send("conntrack-syslog:udp://127.0.0.1:" + rsyslog.udpPort() + "?format=rfc3164&hostname=edge1&facility=local7",
                TestEvents.udp6());
        JsonNode m = received(1).get(0);
        assertThat(m.path("hostname").asText()).isEqualTo("edge1");
        assertThat(m.path("tag").asText()).isEqualTo(app + "[" + PID + "]:");
        assertThat(m.path("procid").asText()).isEqualTo(PID);
        assertThat(m.path("facility").asText()).isEqualTo("local7");
        assertThat(m.path("severity").asText()).isEqualTo("info");
        assertPayload(m.path("parsed"), TestEvents.udp6());
    }

    @Test
    void aUnixDatagramSocketGetsTheLocalFormatOfSyslog3() throws Exception {
        SinkStats stats = send("conntrack-syslog:unixgram://" + rsyslog.datagramSocket() + "?facility=local1",
                List.of(TestEvents.tcp4(), TestEvents.udp6().withLocations(GEO, GEO)));
        List<JsonNode> m = received(2);
        for (JsonNode message : m) {
            assertThat(message.path("input").asText()).isEqualTo("imuxsock");
            assertThat(message.path("hostname").asText()).as("the daemon's own host name")
                    .isEqualTo(Sender.systemHostname());
            assertThat(message.path("tag").asText()).isEqualTo(app + "[" + PID + "]:");
            assertThat(message.path("procid").asText()).isEqualTo(PID);
            assertThat(message.path("facility").asText()).isEqualTo("local1");
            assertThat(message.path("severity").asText()).isEqualTo("info");
            assertThat(message.path("protocol_version").asText()).isEqualTo("0");
        }
        assertPayload(m.get(0).path("parsed"), TestEvents.tcp4());
        assertPayload(m.get(1).path("parsed"), TestEvents.udp6().withLocations(GEO, GEO));
        assertThat(settled(stats).delivered()).isEqualTo(2);
    }

    @Test
    void aUnixStreamSocketCarriesOctetCountedMessages() throws Exception {
        send("conntrack-syslog:unix://" + rsyslog.streamSocket(), List.of(TestEvents.udp6(), TestEvents.tcp4()));
        List<JsonNode> m = received(2);
        assertThat(m.get(0).path("input").asText()).isEqualTo("imptcp");
        assertThat(m.get(0).path("tag").asText()).isEqualTo(app + "[" + PID + "]:");
        assertThat(m.get(0).path("hostname").asText()).isEqualTo(Sender.systemHostname());
        assertPayload(m.get(0).path("parsed"), TestEvents.udp6());
        assertPayload(m.get(1).path("parsed"), TestEvents.tcp4());
    }

    @Test
    void rfc5424CanBeChosenOnAUnixSocketToo() throws Exception {
        send("conntrack-syslog:unix://" + rsyslog.streamSocket() + "?format=rfc5424&framing=newline&hostname=h5",
                TestEvents.tcp4());
        JsonNode m = received(1).get(0);
        assertThat(m.path("protocol_version").asText()).isEqualTo("1");
        assertThat(m.path("hostname").asText()).isEqualTo("h5");
        assertThat(m.path("msgid").asText()).isEqualTo("NEW");
        assertPayload(m.path("parsed"), TestEvents.tcp4());
    }

    @Test
    void theStartupProbeConnectsToUnixSockets() throws Exception {
        SyslogProbe.check(SyslogAddress.parse("unixgram://" + rsyslog.datagramSocket()), null, 1000);
        SyslogProbe.check(SyslogAddress.parse("unix://" + rsyslog.streamSocket()), null, 1000);
        SyslogAddress missing = SyslogAddress.parse("unixgram://" + dir.resolve("missing.sock"));
        assertThatThrownBy(() -> SyslogProbe.check(missing, null, 1000))
                .hasMessage("cannot connect to " + missing + ": No such file or directory");
        SyslogAddress wrongType = SyslogAddress.parse("unix://" + rsyslog.datagramSocket());
        assertThatThrownBy(() -> SyslogProbe.check(wrongType, null, 1000))
                .hasMessage("cannot connect to " + wrongType + ": Protocol wrong type for socket");
    }

    /** By default the original's cookie leads the JSON, and mmjsonparse parses it in its cookie mode. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {"'' | @cee: {\"event\":{ | cookie", "?ceeCookie=false | {\"event\":{ | plain"})
    void mmjsonparseParsesThePayloadWithTheCookieByDefaultAndWithout(String query, String msgStart, String mode)
            throws Exception {
        send("conntrack-syslog:udp://127.0.0.1:" + rsyslog.udpPort() + query, TestEvents.tcp4());
        JsonNode m = received(1).get(0);
        assertThat(m.path("msg").asText()).startsWith(msgStart);
        assertThat(m.path("json_mode").asText()).isEqualTo(mode);
        assertThat(m.path("parse_success").asText()).isEqualTo("OK");
        assertPayload(m.path("parsed"), TestEvents.tcp4());
    }

    @Test
    void aMessageLongerThanADatagramMayCarryCountsAsFailed() throws Exception {
        ConntrackEvent small = TestEvents.tcp4();
        ConntrackEvent large = TestEvents.udp6().withLocations(GEO, GEO);
        SinkStats stats = send("conntrack-syslog:udp://127.0.0.1:" + rsyslog.udpPort() + "?maxDatagramSize=500",
                List.of(small, large));
        JsonNode m = received(1).get(0);
        assertPayload(m.path("parsed"), small);
        assertThat(settled(stats).delivered()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
    }
}
