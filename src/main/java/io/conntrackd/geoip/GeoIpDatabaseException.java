package io.conntrackd.geoip;

/**
 * A GeoIP database file cannot be used: missing, unreadable, corrupt or of the wrong kind. The message
 * names the file (and the type found, for a wrong kind).
 */
public class GeoIpDatabaseException extends Exception {

    private final DatabaseKind kind;

    public GeoIpDatabaseException(DatabaseKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The kind of database that was being opened, so callers can name the setting that points to it. */
    public DatabaseKind kind() {
        return kind;
    }
}
