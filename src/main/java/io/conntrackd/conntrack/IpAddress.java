package io.conntrackd.conntrack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as the kernel sent it, with its text form computed once.
 *
 * <p>We keep our own type instead of {@link InetAddress} because the JDK prints IPv6 addresses
 * uncompressed ({@code 0:0:0:0:0:0:0:1}) and turns IPv4-mapped IPv6 addresses into IPv4 ones; the
 * log format needs RFC 5952 text ({@code ::1}, {@code ::ffff:192.0.2.1}), as the original prints.
 */
public final class IpAddress {

    private final byte[] bytes;
    private String text;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** An address from 4 (IPv4) or 16 (IPv6) bytes in network order; the array is copied. */
    public static IpAddress of(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        return new IpAddress(bytes.clone());
    }

    /** An address from {@code length} bytes of {@code source} starting at {@code offset}. */
    public static IpAddress of(byte[] source, int offset, int length) {
        if (length != 4 && length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
        }
        return new IpAddress(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Parses an IPv4 or IPv6 literal; never does a DNS lookup. */
    public static IpAddress parse(String literal) {
        if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || Character.digit(literal.charAt(0), 16) >= 0)) {
            throw new IllegalArgumentException("not an IP address: \"" + literal + "\"");
        }
        byte[] parsed = IpLiterals.parse(literal);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address: \"" + literal + "\"");
        }
        return new IpAddress(parsed);
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** The address in network byte order (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The byte at {@code index}, without copying. */
    public int byteAt(int index) {
        return bytes[index] & 0xff;
    }

    public int length() {
        return bytes.length;
    }

    /** Whether this address is the {@code length} bytes of {@code buffer} from {@code offset}. */
    public boolean hasBytes(byte[] buffer, int offset, int length) {
        return Arrays.equals(bytes, 0, bytes.length, buffer, offset, offset + length);
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is checked
        }
    }

    /** RFC 5952 text: dotted quad for IPv4, compressed lower-case hex for IPv6. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = IpLiterals.format(bytes);
            text = t; // benign race: every thread computes the same string
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
