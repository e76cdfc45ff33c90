package io.conntrackd.sink.syslog.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogAddressTest {

    @ParameterizedTest
    @CsvSource({
        "udp://localhost:514, UDP, localhost, 514",
        "tcp://127.0.0.1:6514, TCP, 127.0.0.1, 6514",
        "TLS://logs.example.org:6514, TLS, logs.example.org, 6514",
        "'tcp://[::1]:1514', TCP, ::1, 1514",
        "' udp://[2001:db8::7]:514 ', UDP, 2001:db8::7, 514",
    })
    void parsesNetworkAddresses(String text, Scheme transport, String host, int port) {
        SyslogAddress a = SyslogAddress.parse(text);
        assertThat(a.scheme()).isEqualTo(transport);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a.path()).isNull();
        assertThat(SyslogAddress.parse(a.toString())).isEqualTo(a);
    }

    @ParameterizedTest
    @CsvSource({
        "unix:///run/syslog.sock, UNIX, /run/syslog.sock",
        "unixgram:///dev/log, UNIXGRAM, /dev/log",
        "unixpacket:///run/conntrack.sock, UNIXPACKET, /run/conntrack.sock",
    })
    void parsesUnixSocketAddresses(String text, Scheme transport, String path) {
        SyslogAddress a = SyslogAddress.parse(text);
        assertThat(a).isEqualTo(new SyslogAddress(transport, null, -1, path));
        assertThat(a.toString()).isEqualTo(text);
    }

    @Test
    void writesIpv6HostsInBrackets() {
        assertThat(new SyslogAddress(Scheme.TCP, "::1", 514, null)).hasToString("tcp://[::1]:514");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                          | expected scheme://..., for example udp://localhost:514 or unixgram:///dev/log",
        "localhost:514               | expected scheme://..., for example udp://localhost:514 or unixgram:///dev/log",
        "http://localhost:514        | unknown scheme \"http\" (expected one of udp, tcp, tls, unix, unixgram, unixpacket)",
        "udp://localhost             | expected udp://host:port",
        "tcp://:514                  | expected tcp://host:port",
        "tcp://localhost:0           | port 0 is out of range 1-65535",
        "tcp://localhost:70000       | port 70000 is out of range 1-65535",
        "tcp://localhost:514/x       | expected nothing but tcp://host:port",
        "tcp://localhost:514?a=b     | expected nothing but tcp://host:port",
        "udp://user@localhost:514    | expected nothing but udp://host:port",
        "udp://local host:514        | not a valid address: Illegal character in authority",
        "unix://relative/path        | expected an absolute socket path, as in unix:///dev/log",
        "unixgram://                 | expected an absolute socket path, as in unixgram:///dev/log",
    })
    void rejectsMalformedAddressesSayingWhy(String text, String message) {
        assertThatThrownBy(() -> SyslogAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsSocketPathsTooLongForSockaddrUn() {
        assertThat(SyslogAddress.parse("unix:///" + "a".repeat(106)).path()).hasSize(107);
        assertThatThrownBy(() -> SyslogAddress.parse("unix:///" + "a".repeat(107)))
                .hasMessage("socket path is longer than 107 bytes");
    }
}
