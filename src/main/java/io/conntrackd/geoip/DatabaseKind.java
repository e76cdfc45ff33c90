package io.conntrackd.geoip;

/**
 * The kinds of MaxMind database the enricher reads. A file is recognised by the database type in its
 * metadata, with the same test that geoip2's {@code DatabaseReader} applies before a {@code city()} or
 * {@code asn()} lookup, so a file we accept is one those lookups work on.
 */
public enum DatabaseKind {

    /** GeoIP2-City, GeoLite2-City (and other City-bearing types such as GeoIP2-City-Europe). */
    CITY("City", "a City database (GeoIP2-City or GeoLite2-City)"),
    /** GeoLite2-ASN. */
    ASN("GeoLite2-ASN", "an ASN database (GeoLite2-ASN)");

    private final String typeMarker;
    private final String description;

    DatabaseKind(String typeMarker, String description) {
        this.typeMarker = typeMarker;
        this.description = description;
    }

    /** Whether a database whose metadata says {@code databaseType} is of this kind. */
    public boolean accepts(String databaseType) {
        return databaseType != null && databaseType.contains(typeMarker);
    }

    /** What this kind is called in messages, e.g. {@code a City database (GeoIP2-City or GeoLite2-City)}. */
    public String description() {
        return description;
    }
}
