package io.conntrackd.buffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.conntrackd.conntrack.Location;

/**
 * The GeoIP locations of recently read event records. A host's flows keep going to the same places, so most
 * records hold the bytes of a location read before: the same object serves again, instead of four new
 * strings per location and event. Direct-mapped on the record's bytes; not thread-safe: one per reader.
 */
public final class Locations {

    private static final int SLOTS = 256; // a power of two

    private final byte[][] keys = new byte[SLOTS][];
    private final Location[] values = new Location[SLOTS];

    /** Reads the location at {@code in}'s position (as {@link EventRecords} writes it) and moves past it. */
    Location read(ByteBuffer in) {
        int start = in.position();
        int end = end(in.duplicate());
        byte[] array = in.array();
        int from = in.arrayOffset() + start;
        int to = in.arrayOffset() + end;
        int slot = slot(array, from, to);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, array, from, to)) {
            in.position(end);
            return values[slot];
        }
        Location location = EventRecords.readLocation(in);
        keys[slot] = Arrays.copyOfRange(array, from, to);
        values[slot] = location;
        return location;
    }

    /** The position after the location at {@code in}'s position: four strings, two doubles, a varint. */
    private static int end(ByteBuffer in) {
        for (int i = 0; i < 4; i++) {
            int lengthPlusOne = (int) EventRecords.readUnsigned(in);
            in.position(in.position() + Math.max(0, lengthPlusOne - 1));
        }
        in.position(in.position() + 2 * Double.BYTES);
        EventRecords.readUnsigned(in);
        return in.position();
    }

    private static int slot(byte[] bytes, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }
}
