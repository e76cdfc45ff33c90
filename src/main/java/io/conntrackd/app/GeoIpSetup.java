package io.conntrackd.app;

import java.nio.file.Path;
import java.time.Duration;

import io.conntrackd.geoip.DatabaseKind;
import io.conntrackd.geoip.GeoIpDatabaseException;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.GeoIpLocator;
import org.apache.camel.Processor;

/**
 * {@code --geoip.*}: opens the GeoIP databases at startup and makes the processor that the default
 * route's {@code conntrackdGeoip} step calls.
 */
final class GeoIpSetup {

    /** The registry name the default route refers to. */
    static final String BEAN = "conntrackdGeoip";

    /**
     * The step when no database is configured. Binding a processor that does nothing keeps the route
     * the same in both cases; Camel calls it once per batch, which costs next to nothing.
     */
    private static final Processor DISABLED = exchange -> { };

    private GeoIpSetup() {
    }

    /**
     * The enricher for the configured databases, or a processor that does nothing when none is set.
     *
     * @throws ConfigurationException naming the setting, its value and why the file cannot be used
     */
    static Processor enricher(Configuration config) throws ConfigurationException {
        Path city = path(config, Settings.GEOIP_DATABASE);
        Path asn = path(config, Settings.GEOIP_ASN_DATABASE);
        int cacheSize = notNegative(config, Settings.GEOIP_CACHE_SIZE);
        int reloadSeconds = notNegative(config, Settings.GEOIP_RELOAD_INTERVAL);
        if (city == null && asn == null) {
            return DISABLED;
        }
        try {
            return new GeoIpEnricher(GeoIpLocator.open(city, asn, cacheSize), Duration.ofSeconds(reloadSeconds));
        } catch (GeoIpDatabaseException e) {
            Setting culprit = e.kind() == DatabaseKind.CITY ? Settings.GEOIP_DATABASE : Settings.GEOIP_ASN_DATABASE;
            throw new ConfigurationException(config.describe(culprit) + ": " + e.getMessage(), e);
        }
    }

    /** The file that {@code s} names, or {@code null} when it is empty. */
    static Path path(Configuration config, Setting s) throws ConfigurationException {
        String value = config.string(s).trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.describe(s) + ": not a valid path: " + e.getMessage(), e);
        }
    }

    private static int notNegative(Configuration config, Setting s) throws ConfigurationException {
        int value = config.integer(s);
        if (value < 0) {
            throw new ConfigurationException(config.describe(s) + ": must be 0 or more");
        }
        return value;
    }
}
