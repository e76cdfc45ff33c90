package io.conntrackd.app.validate;

import java.nio.file.Path;

import io.conntrackd.geoip.DatabaseKind;
import io.conntrackd.geoip.GeoIpDatabaseException;
import io.conntrackd.geoip.GeoIpLocator;

/** A GeoIP database as {@code run} opens it: it opens, is of the right type, and when it was built. */
public final class GeoIpCheck {

    private GeoIpCheck() {
    }

    /**
     * @param id      the check's id, e.g. {@code geoip.city}
     * @param setting the setting that names the file, described with its value and origin
     */
    public static Check check(String id, String setting, Path database, DatabaseKind kind) {
        try {
            return Check.ok(id, GeoIpLocator.check(database, kind));
        } catch (GeoIpDatabaseException e) {
            return Check.error(id, setting + ": " + e.getMessage(), "point it at " + kind.description()
                    + " in MaxMind's .mmdb format (docs/geoip.md)");
        }
    }
}
