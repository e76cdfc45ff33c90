package io.conntrackd.geoip;

import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Location;

/**
 * The last answers for recently seen addresses, so that hot addresses (the host's own, its busy peers)
 * skip the database: a geoip2 lookup allocates about 4 KB even when its record cache hits.
 *
 * <p>Two-way set-associative: an address can sit in either of the two slots of the set its hash
 * chooses, the newer answer first; a third address in the same set pushes out the older of the two.
 * (One slot per address, measured, lost ~6% of 256 hot addresses to collisions in 4096 slots.)
 * No locks: slots hold immutable entries (final fields, so a reader sees an entry whole or not at
 * all) and a lost race only costs a repeated lookup.
 */
final class LocationCache {

    /** One cached answer; {@code location} is {@code null} for an address the databases do not know. */
    private record Entry(IpAddress address, Location location) {
    }

    /** What {@link #get} answers for an address that is not cached (compare by identity). */
    static final Location NOT_CACHED = new Location(null, null, null, Double.NaN, Double.NaN, 0, null);

    private static final int MAX_SLOTS = 1 << 24;

    private final Entry[] slots;
    private final int setMask;

    /** A cache of at least {@code size} slots (rounded up to a power of two, at least 2); 0 caches nothing. */
    LocationCache(int size) {
        int slotCount = size <= 0 ? 0 : Math.max(2, Integer.highestOneBit(Math.min(size, MAX_SLOTS) - 1) << 1);
        this.slots = new Entry[slotCount];
        this.setMask = slotCount / 2 - 1;
    }

    /**
     * The cached location of {@code address} ({@code null} if the databases do not know it), or
     * {@link #NOT_CACHED}.
     */
    Location get(IpAddress address) {
        if (slots.length == 0) {
            return NOT_CACHED;
        }
        int first = firstSlot(address);
        Entry e = slots[first];
        if (e != null && e.address().equals(address)) {
            return e.location();
        }
        e = slots[first + 1];
        return e != null && e.address().equals(address) ? e.location() : NOT_CACHED;
    }

    void put(IpAddress address, Location location) {
        if (slots.length == 0) {
            return;
        }
        int first = firstSlot(address);
        Entry newer = slots[first];
        if (newer != null && !newer.address().equals(address)) {
            slots[first + 1] = newer;
        }
        slots[first] = new Entry(address, location);
    }

    private int firstSlot(IpAddress address) {
        int h = address.hashCode();
        return ((h ^ (h >>> 16)) & setMask) * 2;
    }
}
