package io.conntrackd.geoip;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;
import io.conntrackd.support.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks addresses up in a GeoIP City database, an ASN database, or both; thread-safe.
 *
 * <p>{@link #reloadIfChanged()} reopens a file that was replaced on disk and swaps it in atomically.
 * Lookups never wait for a reload and none is lost: one that started on the old file and finds it
 * closed is retried on the new one. A replacement that cannot be opened is logged once and the
 * loaded database stays in use.
 */
public final class GeoIpLocator implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(GeoIpLocator.class);

    private final int cacheSize;
    private final AtomicReference<Databases> current;
    /** Versions of replacement files that failed to open, so each is reported once. */
    private final Map<DatabaseKind, FileVersion> rejected = new EnumMap<>(DatabaseKind.class);
    private final LongAdder failedLookups = new LongAdder();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private volatile boolean closed;

    private GeoIpLocator(Databases databases, int cacheSize) {
        this.current = new AtomicReference<>(databases);
        this.cacheSize = cacheSize;
    }

    /**
     * Opens the databases and checks their kinds.
     *
     * @param cityDatabase a City database, or {@code null}
     * @param asnDatabase  an ASN database, or {@code null}
     * @param cacheSize    addresses whose answers are kept (0: none); see {@link LocationCache}
     * @throws GeoIpDatabaseException naming the file (and the kind it should be) that cannot be used
     */
    public static GeoIpLocator open(Path cityDatabase, Path asnDatabase, int cacheSize) throws GeoIpDatabaseException {
        if (cityDatabase == null && asnDatabase == null) {
            throw new IllegalArgumentException("no GeoIP database given");
        }
        DatabaseFile city = cityDatabase == null ? null : DatabaseFile.open(cityDatabase, DatabaseKind.CITY);
        DatabaseFile asn;
        try {
            asn = asnDatabase == null ? null : DatabaseFile.open(asnDatabase, DatabaseKind.ASN);
        } catch (GeoIpDatabaseException e) {
            if (city != null) {
                city.close();
            }
            throw e;
        }
        Databases databases = new Databases(city, asn, new LocationCache(cacheSize));
        LOG.info("GeoIP databases: {}", describe(databases));
        return new GeoIpLocator(databases, cacheSize);
    }

    /**
     * Opens one database file and checks it as {@link #open} does, then closes it: for a check of the
     * configuration before the daemon starts.
     *
     * @return the file, its database type and build time, e.g. {@code /x.mmdb (GeoLite2-City, built 2025-...)}
     * @throws GeoIpDatabaseException naming the file and why it cannot be used as {@code kind}
     */
    public static String check(Path database, DatabaseKind kind) throws GeoIpDatabaseException {
        try (DatabaseFile file = DatabaseFile.open(database, kind)) {
            return file.describe();
        }
    }

    /**
     * Where {@code address} is, or {@code null} when the databases know nothing about it. A failed
     * lookup (a corrupt record) is counted, logged at most every 10 seconds, and answers {@code null}.
     */
    public Location locate(IpAddress address) {
        while (true) {
            Databases databases = current.get();
            try {
                return databases.locate(address);
            } catch (ClosedDatabaseException e) {
                if (current.get() != databases) {
                    continue; // a reload swapped the files under this lookup: ask the new ones
                }
                return failed(address, e);
            } catch (IOException | GeoIp2Exception | RuntimeException e) {
                return failed(address, e);
            }
        }
    }

    private Location failed(IpAddress address, Exception e) {
        failedLookups.increment();
        failureLog.warn(1, "{} GeoIP lookup(s) failed, events go on without location; last: {}: {}", address,
                e.toString());
        return null;
    }

    /** How many lookups failed since the start. */
    public long failedLookups() {
        return failedLookups.sum();
    }

    /**
     * Reopens each database whose file was replaced since it was loaded and swaps the new set in.
     *
     * @return whether anything was swapped
     */
    public synchronized boolean reloadIfChanged() {
        Databases old = current.get();
        if (closed) {
            return false;
        }
        DatabaseFile city = reopened(old.city());
        DatabaseFile asn = reopened(old.asn());
        if (city == old.city() && asn == old.asn()) {
            return false;
        }
        current.set(new Databases(city, asn, new LocationCache(cacheSize)));
        closeReplaced(old.city(), city);
        closeReplaced(old.asn(), asn);
        return true;
    }

    private DatabaseFile reopened(DatabaseFile loaded) {
        if (loaded == null) {
            return null;
        }
        FileVersion now = FileVersion.of(loaded.path());
        // a file that vanished keeps the loaded copy in use: updaters replace, they do not delete
        if (now == null || now.equals(loaded.version()) || now.equals(rejected.get(loaded.kind()))) {
            return loaded;
        }
        try {
            DatabaseFile fresh = DatabaseFile.open(loaded.path(), loaded.kind());
            rejected.remove(loaded.kind());
            LOG.info("GeoIP database reloaded: {}", fresh.describe());
            return fresh;
        } catch (GeoIpDatabaseException e) {
            rejected.put(loaded.kind(), now);
            LOG.warn("GeoIP database {} was replaced but cannot be used, keeping the loaded one: {}",
                    loaded.path(), e.getMessage());
            return loaded;
        }
    }

    private static void closeReplaced(DatabaseFile old, DatabaseFile replacement) {
        if (old != replacement) {
            old.close(); // lookups still running on it finish; later ones retry on the replacement
        }
    }

    private static String describe(Databases d) {
        return (d.city() == null ? "" : d.city().describe()) + (d.city() != null && d.asn() != null ? ", " : "")
                + (d.asn() == null ? "" : d.asn().describe());
    }

    /** Closes the databases; later lookups count as failed and answer {@code null}. */
    @Override
    public synchronized void close() {
        closed = true;
        current.get().close();
    }
}
