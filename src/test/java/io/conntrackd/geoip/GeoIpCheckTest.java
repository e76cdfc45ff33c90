package io.conntrackd.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link GeoIpLocator#check}: one file opened and checked as the locator opens it, then closed. */
class GeoIpCheckTest {

    @Test
    void describesAGoodDatabaseWithItsTypeAndBuildTime() throws Exception {
        assertThat(GeoIpLocator.check(TestDatabases.city(), DatabaseKind.CITY))
                .startsWith(TestDatabases.city() + " (GeoLite2-City, built ")
                .matches(".*built \\d{4}-\\d\\d-\\d\\dT.*\\)");
        assertThat(GeoIpLocator.check(TestDatabases.asn(), DatabaseKind.ASN)).contains("GeoLite2-ASN");
    }

    @Test
    void aDatabaseOfTheWrongKindIsRefusedNamingItsType() {
        assertThatThrownBy(() -> GeoIpLocator.check(TestDatabases.asn(), DatabaseKind.CITY))
                .isInstanceOf(GeoIpDatabaseException.class)
                .hasMessage("GeoIP database " + TestDatabases.asn() + " is a \"GeoLite2-ASN\" database, not "
                        + DatabaseKind.CITY.description());
    }
}
