package io.conntrackd.conntrack;

/**
 * The {@link IpAddress} objects of recently decoded addresses. A host's flows keep coming from and
 * going to the same addresses, so most lookups find the object of an earlier event: no allocation,
 * and its text (which every sink writes) is formatted once instead of per event. Direct-mapped: an
 * address whose slot another one took is simply made again. Not thread-safe: one per decoder (the
 * kernel messages' decoder, the disk buffer's reader).
 */
public final class AddressCache {

    private static final int SLOTS = 1024; // a power of two

    private final IpAddress[] slots = new IpAddress[SLOTS];

    /** The address in {@code length} (4 or 16) bytes of {@code buffer} from {@code offset}. */
    public IpAddress get(byte[] buffer, int offset, int length) {
        int slot = slot(buffer, offset, length);
        IpAddress address = slots[slot];
        if (address == null || !address.hasBytes(buffer, offset, length)) {
            address = IpAddress.of(buffer, offset, length);
            slots[slot] = address;
        }
        return address;
    }

    private static int slot(byte[] buffer, int offset, int length) {
        int hash = length;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + buffer[i];
        }
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }
}
