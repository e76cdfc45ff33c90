package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::1, ::1",
        "::, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "2a01:04f8:0:0:0:0:0:2, 2a01:4f8::2",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",     // first of two equal runs is compressed
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group is not compressed
        "2001:DB8::ABCD, 2001:db8::abcd",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "::ffff:c000:0201, ::ffff:192.0.2.1",
        "fe80::1:2:3:4, fe80::1:2:3:4",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "2003:cf:1716:7b64:da80:83ff:fecd:da51, 2003:cf:1716:7b64:da80:83ff:fecd:da51",
    })
    void formatsAsRfc5952(String literal, String expected) {
        assertThat(IpAddress.parse(literal)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "a.b.c.d", "1::2::3", "12345::",
        "1:2:3:4:5:6:7:8:9", "::1.2.3.4::", "1.2.3.4::", "fe80::1%eth0", "example.com", ":::"})
    void rejectsWhatIsNotALiteral(String literal) {
        assertThatThrownBy(() -> IpAddress.parse(literal)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
    }

    @org.junit.jupiter.api.Test
    void keepsBytesAndEquality() {
        IpAddress a = IpAddress.of(new byte[] {10, 0, 0, 1});
        assertThat(a.isIpv4()).isTrue();
        assertThat(a).isEqualTo(IpAddress.parse("10.0.0.1")).hasSameHashCodeAs(IpAddress.parse("10.0.0.1"));
        assertThat(a.toInetAddress().getHostAddress()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> IpAddress.of(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
