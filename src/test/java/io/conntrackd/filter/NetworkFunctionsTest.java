package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.conntrack.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** is_network categories and in_cidr networks, for IPv4, IPv6 and IPv4-mapped IPv6. */
class NetworkFunctionsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOCAL", "127.255.255.254, LOCAL", "::1, LOCAL", "169.254.10.1, LOCAL", "fe80::1, LOCAL",
            "febf:ffff::1, LOCAL", "::ffff:127.0.0.1, LOCAL",
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE", "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE", "::ffff:192.168.1.1, PRIVATE",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::fb, MULTICAST", "ff0e::1, MULTICAST",
            "::ffff:224.0.0.251, MULTICAST",
            "8.8.8.8, PUBLIC", "172.15.255.255, PUBLIC", "172.32.0.0, PUBLIC", "192.169.0.1, PUBLIC",
            "169.255.0.1, PUBLIC", "100.64.0.1, PUBLIC", "0.0.0.0, PUBLIC", "255.255.255.255, PUBLIC",
            "2001:4860:4860::8888, PUBLIC", "fec0::1, PUBLIC", "fe00::1, PUBLIC", "::, PUBLIC",
            "::ffff:8.8.8.8, PUBLIC", "::8.8.8.8, PUBLIC"
    })
    void eachAddressIsInExactlyOneCategory(String address, NetworkCategory expected) {
        IpAddress ip = IpAddress.parse(address);
        for (NetworkCategory c : NetworkCategory.values()) {
            assertThat(c.contains(ip)).as("%s in %s", address, c).isEqualTo(c == expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"private", "Private", "PRIVATE"})
    void categoryNamesIgnoreCase(String name) {
        assertThat(NetworkCategory.of(name)).isEqualTo(NetworkCategory.PRIVATE);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "192.168.1.1, 192.168.1.0/24, true", "192.168.1.255, 192.168.1.0/24, true",
            "192.168.2.0, 192.168.1.0/24, false", "192.168.1.77, 192.168.1.7/24, true",
            "10.1.2.3, 10.0.0.0/8, true", "11.0.0.0, 10.0.0.0/8, false",
            "172.31.0.1, 172.16.0.0/12, true", "172.32.0.1, 172.16.0.0/12, false",
            "8.8.8.8, 0.0.0.0/0, true", "8.8.8.8, 8.8.8.8/32, true", "8.8.8.9, 8.8.8.8/32, false",
            "10.0.0.5, 10.0.0.4/31, true", "10.0.0.6, 10.0.0.4/31, false",
            "2001:db8::1, 2001:db8::/32, true", "2001:db9::1, 2001:db8::/32, false",
            "2001:db8:ffff::1, 2001:db8:8000::/33, true", "2001:db8:7fff::1, 2001:db8:8000::/33, false",
            "::1, ::/0, true", "::ffff:10.1.1.1, 10.0.0.0/8, true", "::ffff:11.1.1.1, 10.0.0.0/8, false",
            "::ffff:10.1.1.1, ::ffff:0:0/96, true", "10.1.1.1, ::ffff:0:0/96, false",
            "10.1.1.1, ::/0, false", "2001:db8::1, 0.0.0.0/0, false"
    })
    void cidrContainment(String address, String cidr, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(IpAddress.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/a",
            "10.0.0/8", "/8", "2001:db8::/129", "2001:db8::%eth0/64", "host.example/24", ""})
    void malformedCidrs(String cidr) {
        assertThatThrownBy(() -> Cidr.parse(cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed CIDR \"" + cidr + "\"");
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3/8, 10.0.0.0/8", "2001:db8:1::7/48, 2001:db8:1::/48", "1.2.3.4/0, 0.0.0.0/0"})
    void hostBitsAreMasked(String cidr, String normalized) {
        assertThat(Cidr.parse(cidr)).hasToString(normalized);
    }
}
