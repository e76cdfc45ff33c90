package io.conntrackd.conntrack;

/**
 * Where an address is, as a GeoIP database knows it. Every component is optional: a {@code null}
 * string or a {@code NaN} coordinate means the database had no value, and such fields are left out
 * of the log output rather than written empty.
 *
 * @param city        English city name
 * @param country     English country name
 * @param countryCode ISO 3166-1 alpha-2 country code
 * @param latitude    latitude in degrees, or {@code NaN}
 * @param longitude   longitude in degrees, or {@code NaN}
 * @param asn         autonomous system number, or 0 when unknown
 * @param asOrganization autonomous system organisation
 */
public record Location(String city, String country, String countryCode, double latitude, double longitude,
                       long asn, String asOrganization) {

    /** A location that knows nothing. */
    public static final Location UNKNOWN = new Location(null, null, null, Double.NaN, Double.NaN, 0, null);

    /** Whether no component is known. */
    public boolean isEmpty() {
        return city == null && country == null && countryCode == null && Double.isNaN(latitude)
                && Double.isNaN(longitude) && asn == 0 && asOrganization == null;
    }
}
