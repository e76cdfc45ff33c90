package io.conntrackd.geoip;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.maxmind.db.CHMCache;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;

/**
 * One opened MaxMind database file of a known kind, with the version of the file it was read from.
 * The file is memory-mapped; {@link #close()} only drops the mapping's reference, so lookups already
 * running on it finish, and later ones fail with {@code ClosedDatabaseException}.
 *
 * @param path    the file as configured
 * @param kind    City or ASN
 * @param version the file's version when it was opened
 * @param reader  geoip2's reader over it
 */
record DatabaseFile(Path path, DatabaseKind kind, FileVersion version, DatabaseReader reader) implements Closeable {

    /** Probe addresses, one per family: a lookup walks the search tree and decodes a record. */
    private static final InetAddress PROBE_V4 = address(new byte[] {1, 1, 1, 1});
    private static final InetAddress PROBE_V6 = address(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 1});

    /**
     * Opens and checks a database file. Decoded records are cached in geoip2's {@link CHMCache} with its
     * default capacity (4096 records; City records are large, so a bigger one costs a lot of heap).
     *
     * @throws GeoIpDatabaseException naming the file when it is missing, unreadable, corrupt or of
     *                                another kind (then also naming the type found)
     */
    static DatabaseFile open(Path path, DatabaseKind kind) throws GeoIpDatabaseException {
        // the version before the contents: if the file is replaced in between, the next check reopens it
        FileVersion version = FileVersion.of(path);
        if (version == null) {
            throw new GeoIpDatabaseException(kind, "GeoIP database " + path + " does not exist", null);
        }
        if (Files.isDirectory(path)) {
            throw new GeoIpDatabaseException(kind, "GeoIP database " + path + " is a directory, not a file", null);
        }
        DatabaseReader reader = read(path, kind);
        try {
            check(reader, path, kind);
        } catch (GeoIpDatabaseException e) {
            closeQuietly(reader);
            throw e;
        }
        return new DatabaseFile(path, kind, version, reader);
    }

    private static DatabaseReader read(Path path, DatabaseKind kind) throws GeoIpDatabaseException {
        try {
            return new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build();
        } catch (InvalidDatabaseException e) {
            throw corrupt(path, kind, e);
        } catch (IOException e) {
            throw new GeoIpDatabaseException(kind, "cannot read GeoIP database " + path + ": " + e.getMessage(), e);
        }
    }

    private static void check(DatabaseReader reader, Path path, DatabaseKind kind) throws GeoIpDatabaseException {
        String type = reader.metadata().databaseType();
        if (!kind.accepts(type)) {
            throw new GeoIpDatabaseException(kind, "GeoIP database " + path + " is a \"" + type + "\" database, not "
                    + kind.description(), null);
        }
        try {
            probe(reader, kind, PROBE_V4);
            if (reader.metadata().ipVersion() == 6) {
                probe(reader, kind, PROBE_V6);
            }
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            throw corrupt(path, kind, e);
        }
    }

    private static void probe(DatabaseReader reader, DatabaseKind kind, InetAddress address)
            throws IOException, GeoIp2Exception {
        if (kind == DatabaseKind.CITY) {
            reader.tryCity(address);
        } else {
            reader.tryAsn(address);
        }
    }

    private static GeoIpDatabaseException corrupt(Path path, DatabaseKind kind, Exception e) {
        return new GeoIpDatabaseException(kind, "GeoIP database " + path + " is not a valid MaxMind database"
                + " (corrupt or truncated?): " + e.getMessage(), e);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing to release beyond the mapping's reference
        }
    }

    /** The file's build time and type, for log lines. */
    String describe() {
        return path + " (" + reader.metadata().databaseType() + ", built " + reader.metadata().buildTime() + ")";
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }
}
