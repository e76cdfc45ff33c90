package io.conntrackd.geoip;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import io.conntrackd.conntrack.Location;

/**
 * The test databases that src/test/geoip/make-test-databases.pl writes, and the places they hold.
 * The data is invented; the networks are loopback and documentation ranges.
 */
public final class TestDatabases {

    /** 127.0.0.0/24 in v1. */
    public static final Location BERLIN = new Location("Berlin", "Germany", "DE", 52.5244, 13.4105, 0, null);
    /** 127.0.0.0/24 in v2. */
    public static final Location HAMBURG = new Location("Hamburg", "Germany", "DE", 53.5753, 10.0153, 0, null);
    /** ::1. */
    public static final Location TOKYO = new Location("Tokyo", "Japan", "JP", 35.6895, 139.6917, 0, null);
    /** 192.0.2.0/24 in v1. */
    public static final Location SYDNEY = new Location("Sydney", "Australia", "AU", -33.8678, 151.2073, 0, null);
    /** 2001:db8::/32. */
    public static final Location AMSTERDAM = new Location("Amsterdam", "Netherlands", "NL", 52.374, 4.8897, 0, null);

    /** AS of 127.0.0.0/8. */
    public static final long LOOPBACK_ASN = 64496;
    public static final String LOOPBACK_AS_ORG = "Loopback Networks";
    /** AS of ::1. */
    public static final long LOOPBACK6_ASN = 64497;
    public static final String LOOPBACK6_AS_ORG = "Loopback Six";

    private TestDatabases() {
    }

    /** The City database (type GeoLite2-City). */
    public static Path city() {
        return resource("conntrackd-test-City.mmdb");
    }

    /** The City database with other places for 127.0.0.0/24 (Hamburg) and 192.0.2.0/24 (Melbourne). */
    public static Path cityV2() {
        return resource("conntrackd-test-City-v2.mmdb");
    }

    /** The ASN database (type GeoLite2-ASN). */
    public static Path asn() {
        return resource("conntrackd-test-ASN.mmdb");
    }

    /** {@code place} with an AS number and organisation. */
    public static Location withAs(Location place, long asn, String organization) {
        return new Location(place.city(), place.country(), place.countryCode(), place.latitude(), place.longitude(),
                asn, organization);
    }

    private static Path resource(String name) {
        URL url = TestDatabases.class.getResource("/geoip/" + name);
        if (url == null) {
            throw new IllegalStateException("test database " + name + " is missing from the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
