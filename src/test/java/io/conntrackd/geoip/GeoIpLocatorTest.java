package io.conntrackd.geoip;

import static io.conntrackd.geoip.TestDatabases.AMSTERDAM;
import static io.conntrackd.geoip.TestDatabases.BERLIN;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK6_ASN;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK6_AS_ORG;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK_ASN;
import static io.conntrackd.geoip.TestDatabases.LOOPBACK_AS_ORG;
import static io.conntrackd.geoip.TestDatabases.SYDNEY;
import static io.conntrackd.geoip.TestDatabases.TOKYO;
import static io.conntrackd.geoip.TestDatabases.withAs;
import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lookups in the project's test databases: every family, partial records, unknown addresses. */
class GeoIpLocatorTest {

    private static final double NAN = Double.NaN;

    private GeoIpLocator locator;

    @AfterEach
    void close() {
        if (locator != null) {
            locator.close();
        }
    }

    private Location locate(String address) {
        return locator.locate(IpAddress.parse(address));
    }

    private void openCityAndAsn() throws Exception {
        locator = GeoIpLocator.open(TestDatabases.city(), TestDatabases.asn(), 4096);
    }

    @Test
    void ipv4LoopbackGetsCityCountryCoordinatesAndAs() throws Exception {
        openCityAndAsn();
        assertThat(locate("127.0.0.1")).isEqualTo(withAs(BERLIN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
        assertThat(locate("127.0.0.254")).isEqualTo(withAs(BERLIN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
    }

    @Test
    void ipv6AddressesIncludingLoopback() throws Exception {
        openCityAndAsn();
        assertThat(locate("::1")).isEqualTo(withAs(TOKYO, LOOPBACK6_ASN, LOOPBACK6_AS_ORG));
        assertThat(locate("2001:db8:ffff::7")).isEqualTo(withAs(AMSTERDAM, 64499, "Example IPv6 Net"));
    }

    @Test
    void ipv4MappedIpv6AddressesFindTheIpv4Record() throws Exception {
        openCityAndAsn();
        assertThat(locate("::ffff:127.0.0.1")).isEqualTo(locate("127.0.0.1"));
        assertThat(locate("::ffff:192.0.2.9")).isEqualTo(withAs(SYDNEY, 64498, "Example Transit"));
    }

    @Test
    void aNetworkWithoutCityHasCountryAndCoordinates() throws Exception {
        openCityAndAsn();
        assertThat(locate("127.0.1.5"))
                .isEqualTo(new Location(null, "France", "FR", 48.8582, 2.3387, LOOPBACK_ASN, LOOPBACK_AS_ORG));
    }

    @Test
    void aNetworkWithCountryOnlyHasNoCoordinates() throws Exception {
        openCityAndAsn();
        assertThat(locate("127.0.2.1"))
                .isEqualTo(new Location(null, "Italy", "IT", NAN, NAN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
        assertThat(locate("2001:db8:1::1"))
                .isEqualTo(new Location(null, "Netherlands", "NL", NAN, NAN, 64499, "Example IPv6 Net"));
    }

    @Test
    void aCityWithoutAnEnglishNameIsLeftOut() throws Exception {
        openCityAndAsn();
        assertThat(locate("127.0.3.1"))
                .isEqualTo(new Location(null, "Germany", "DE", 48.1374, 11.5755, LOOPBACK_ASN, LOOPBACK_AS_ORG));
    }

    @Test
    void coordinatesOnlyAndAnAsWithoutOrganisation() throws Exception {
        openCityAndAsn();
        assertThat(locate("198.51.100.7")).isEqualTo(new Location(null, null, null, 40.7128, -74.006, 64500, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.1", "10.0.0.1", "2001:db9::1", "::2", "::ffff:203.0.113.1"})
    void addressesNeitherDatabaseKnowsGetNoLocation(String address) throws Exception {
        openCityAndAsn();
        assertThat(locate(address)).isNull();
        assertThat(locator.failedLookups()).isZero();
    }

    @Test
    void aRecordWithNothingWeUseGivesNoLocation() throws Exception {
        locator = GeoIpLocator.open(TestDatabases.city(), null, 4096);
        assertThat(locate("127.0.4.1")).isNull();
    }

    @Test
    void cityDatabaseAloneLeavesTheAsOut() throws Exception {
        locator = GeoIpLocator.open(TestDatabases.city(), null, 0);
        assertThat(locate("127.0.0.1")).isEqualTo(BERLIN);
        assertThat(locate("::1")).isEqualTo(TOKYO);
    }

    @Test
    void asnDatabaseAloneGivesOnlyTheAs() throws Exception {
        locator = GeoIpLocator.open(null, TestDatabases.asn(), 4096);
        assertThat(locate("127.0.0.1")).isEqualTo(new Location(null, null, null, NAN, NAN, LOOPBACK_ASN, LOOPBACK_AS_ORG));
        assertThat(locate("2001:db8::1").asn()).isEqualTo(64499);
        assertThat(locate("203.0.113.1")).isNull();
    }

    @Test
    void lookupsAfterCloseAreCountedAsFailedAndGiveNoLocation() throws Exception {
        openCityAndAsn();
        locator.close();
        assertThat(locate("127.0.0.1")).isNull();
        assertThat(locator.failedLookups()).isEqualTo(1);
    }
}
