package io.conntrackd.sink.syslog.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.posix.SeqpacketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unixpacket:// against a real SOCK_SEQPACKET receiver in this test: each message is one packet, read
 * back byte for byte, without framing; a server that is absent or went away is told apart from other
 * failures, so that the messages not sent wait and go out over the next connection.
 */
class UnixPacketConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private SyslogAddress address() {
        return SyslogAddress.parse("unixpacket://" + dir.resolve("s.sock"));
    }

    @Test
    void eachMessageIsOnePacketWithoutFraming() throws Exception {
        try (SeqpacketServer server = SeqpacketServer.listen(dir.resolve("s.sock"), TIMEOUT);
             SyslogConnection connection = SyslogConnection.open(null, address(), Framing.OCTET_COUNTING, null,
                     1000, 1000)) {
            assertThat(connection).isInstanceOf(UnixPacketConnection.class);
            connection.send(List.of(bytes("<30>first @cee: {}"), bytes("<30>second\nline"), bytes("3")));
            assertThat(new String(server.receive(), StandardCharsets.UTF_8)).isEqualTo("<30>first @cee: {}");
            assertThat(new String(server.receive(), StandardCharsets.UTF_8)).isEqualTo("<30>second\nline");
            assertThat(new String(server.receive(), StandardCharsets.UTF_8)).isEqualTo("3");
        }
    }

    @Test
    void anAbsentServerMeansNotConnectedAndNothingSent() throws Exception {
        try (SyslogConnection connection = new UnixPacketConnection(address(), TIMEOUT)) {
            assertThatThrownBy(() -> connection.send(List.of(bytes("a"))))
                    .isInstanceOfSatisfying(NotConnectedException.class, e -> assertThat(e.sent()).isZero())
                    .hasMessage("cannot connect to " + address() + ": No such file or directory");
        }
    }

    @Test
    void afterTheServerWentAwayTheRestIsSentOverANewConnection() throws Exception {
        try (SeqpacketServer server = SeqpacketServer.listen(dir.resolve("s.sock"), TIMEOUT);
             SyslogConnection connection = new UnixPacketConnection(address(), TIMEOUT)) {
            connection.send(List.of(bytes("before")));
            assertThat(server.receive()).isEqualTo(bytes("before"));
            server.dropConnection();
            List<byte[]> batch = List.of(bytes("one"), bytes("two"));
            assertThatThrownBy(() -> connection.send(batch)).isInstanceOfSatisfying(NotConnectedException.class,
                    e -> assertThat(e.sent()).isZero());
            connection.send(batch);
            assertThat(server.receive()).isEqualTo(bytes("one"));
            assertThat(server.receive()).isEqualTo(bytes("two"));
        }
    }

    @Test
    void theProbeConnectsAndNamesWhatIsWrong() throws Exception {
        SyslogAddress address = address();
        assertThatThrownBy(() -> SyslogProbe.check(address, null, 1000))
                .hasMessage("cannot connect to " + address + ": No such file or directory");
        try (SeqpacketServer server = SeqpacketServer.listen(dir.resolve("s.sock"), TIMEOUT)) {
            SyslogProbe.check(address, null, 1000);
        }
        SyslogAddress stream = SyslogAddress.parse("unix://" + dir.resolve("s.sock"));
        try (SeqpacketServer server = SeqpacketServer.listen(dir.resolve("s.sock"), TIMEOUT)) {
            assertThatThrownBy(() -> SyslogProbe.check(stream, null, 1000))
                    .hasMessage("cannot connect to " + stream + ": Protocol wrong type for socket");
        }
    }
}
