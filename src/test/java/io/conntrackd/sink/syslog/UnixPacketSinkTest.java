package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.SeqpacketServer;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink on a unixpacket:// address, as the original accepts it, with its defaults: the local form of
 * syslog(3) that every unix socket gets, the original's {@code @cee: } cookie, one packet per event; read
 * back whole by a SOCK_SEQPACKET receiver in this test (no syslog daemon listens on one).
 */
class UnixPacketSinkTest {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void eventsArriveOnePacketEachInTheLocalFormWithTheCeeCookie() throws Exception {
        Path socket = dir.resolve("conntrackd.sock");
        try (SeqpacketServer server = SeqpacketServer.listen(socket, Duration.ofSeconds(10));
             CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.createProducerTemplate().sendBody("conntrack-syslog:unixpacket://" + socket,
                    List.of(TestEvents.tcp4(), TestEvents.udp6()));
            // the test JVM runs in UTC (see pom.xml)
            assertThat(new String(server.receive(), StandardCharsets.UTF_8)).isEqualTo(
                    "<30>Nov 25 11:35:11 conntrackd[" + PID + "]: @cee: {\"event\":{\"type\":\"NEW\","
                    + "\"flow\":4000057915,\"prot\":\"TCP\",\"src_addr\":\"10.0.0.1\",\"dst_addr\":\"93.184.216.34\","
                    + "\"src_port\":41756,\"dst_port\":443,\"tcp_state\":\"SYN_SENT\"},\"level\":\"INFO\","
                    + "\"message\":\"NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443\","
                    + "\"timestamp\":\"2025-11-25T11:35:11.082791653Z\"}");
            assertThat(new String(server.receive(), StandardCharsets.UTF_8))
                    .startsWith("<30>Nov 25 11:35:11 conntrackd[" + PID + "]: @cee: {\"event\":{\"type\":\"UPDATE\",")
                    .endsWith("\"timestamp\":\"2025-11-25T11:35:11.082791653Z\"}");
        }
    }
}
