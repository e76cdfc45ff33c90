package io.conntrackd.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

import com.maxmind.geoip2.NamedRecord;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;

/**
 * The databases in use at one moment: a City database, an ASN database, or both, with a cache of their
 * answers. A reload replaces the whole set, so the cache never mixes old and new data.
 *
 * @param city  the City database, or {@code null}
 * @param asn   the ASN database, or {@code null}
 * @param cache recent answers
 */
record Databases(DatabaseFile city, DatabaseFile asn, LocationCache cache) {

    /** Where {@code address} is, or {@code null} when neither database knows anything about it. */
    Location locate(IpAddress address) throws IOException, GeoIp2Exception {
        Location cached = cache.get(address);
        if (cached != LocationCache.NOT_CACHED) {
            return cached;
        }
        Location found = lookUp(address.toInetAddress());
        cache.put(address, found);
        return found;
    }

    private Location lookUp(InetAddress address) throws IOException, GeoIp2Exception {
        CityResponse c = city == null ? null : city.reader().tryCity(address).orElse(null);
        AsnResponse a = asn == null ? null : asn.reader().tryAsn(address).orElse(null);
        if (c == null && a == null) {
            return null;
        }
        Location l = new Location(
                c == null ? null : englishName(c.city()),
                c == null ? null : englishName(c.country()),
                c == null || c.country() == null ? null : c.country().isoCode(),
                c == null || c.location() == null ? Double.NaN : orNaN(c.location().latitude()),
                c == null || c.location() == null ? Double.NaN : orNaN(c.location().longitude()),
                a == null || a.autonomousSystemNumber() == null ? 0 : a.autonomousSystemNumber(),
                a == null ? null : a.autonomousSystemOrganization());
        return l.isEmpty() ? null : l;
    }

    /** The English name; other languages are not used (the log fields are English, as in the original). */
    private static String englishName(NamedRecord r) {
        Map<String, String> names = r == null ? null : r.names();
        return names == null ? null : names.get("en");
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** Closes both files. */
    void close() {
        if (city != null) {
            city.close();
        }
        if (asn != null) {
            asn.close();
        }
    }
}
