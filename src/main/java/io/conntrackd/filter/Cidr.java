package io.conntrackd.filter;

import io.conntrackd.conntrack.IpAddress;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.168.1.0/24}, {@code 2001:db8::/32}), parsed once.
 * Like Go's netip.ParsePrefix, host bits may be set ({@code 192.168.1.7/24} is 192.168.1.0/24).
 */
final class Cidr implements AddressSet {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/length}; never does a DNS lookup. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("malformed CIDR \"" + text + "\": expected address/prefix-length");
        }
        byte[] address;
        try {
            address = IpAddress.parse(text.substring(0, slash)).toBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed CIDR \"" + text + "\": " + e.getMessage());
        }
        int length = prefixLength(text, text.substring(slash + 1), address.length * 8);
        return new Cidr(mask(address, length), length);
    }

    private static int prefixLength(String text, String digits, int maximum) {
        boolean decimal = !digits.isEmpty() && digits.length() <= 3 && digits.chars().allMatch(Character::isDigit)
                && (digits.length() == 1 || digits.charAt(0) != '0');
        int length = decimal ? Integer.parseInt(digits) : -1;
        if (length < 0 || length > maximum) {
            throw new IllegalArgumentException("malformed CIDR \"" + text + "\": prefix length must be 0 to "
                    + maximum);
        }
        return length;
    }

    private static byte[] mask(byte[] address, int length) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, length - 8 * i));
            out[i] &= (byte) (0xff00 >> bits);
        }
        return out;
    }

    /**
     * Whether {@code address} lies in this network. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3})
     * counts as its IPv4 address for an IPv4 network; other addresses never match a network of the
     * other family.
     */
    @Override
    public boolean contains(IpAddress address) {
        int offset = 0;
        if (network.length == 4 && address.length() == 16) {
            if (!NetworkCategory.isIpv4Mapped(address)) {
                return false;
            }
            offset = 12;
        } else if (network.length != address.length()) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if ((byte) address.byteAt(offset + i) != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        return rest == 0 || ((address.byteAt(offset + fullBytes) & (0xff00 >> rest)) & 0xff) == (network[fullBytes] & 0xff);
    }

    @Override
    public String toString() {
        return IpAddress.of(network) + "/" + prefixLength;
    }
}
