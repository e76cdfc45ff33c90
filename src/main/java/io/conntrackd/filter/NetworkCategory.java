package io.conntrackd.filter;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.conntrackd.conntrack.IpAddress;

/**
 * The network categories of {@code is_network(ip, category)}, defined as the original tool defines
 * them (Go's net/netip predicates). An IPv4-mapped IPv6 address counts as its IPv4 address, as in Go.
 */
enum NetworkCategory implements AddressSet {
    /** Loopback (127.0.0.0/8, ::1) and link-local unicast (169.254.0.0/16, fe80::/10). */
    LOCAL,
    /** RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and IPv6 unique local addresses (fc00::/7). */
    PRIVATE,
    /** Anything that is not LOCAL, PRIVATE or MULTICAST. */
    PUBLIC,
    /** 224.0.0.0/4 and ff00::/8. */
    MULTICAST;

    /** The category with this name, in any case. */
    static NetworkCategory of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown network category \"" + name + "\": expected one of "
                    + Arrays.stream(values()).map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")));
        }
    }

    @Override
    public boolean contains(IpAddress ip) {
        return switch (this) {
            case LOCAL -> isLocal(ip);
            case PRIVATE -> isPrivate(ip);
            case MULTICAST -> isMulticast(ip);
            case PUBLIC -> !isLocal(ip) && !isPrivate(ip) && !isMulticast(ip);
        };
    }

    static boolean isIpv4Mapped(IpAddress ip) {
        if (ip.length() != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (ip.byteAt(i) != 0) {
                return false;
            }
        }
        return ip.byteAt(10) == 0xff && ip.byteAt(11) == 0xff;
    }

    /** Index of the first IPv4 byte: 0 for IPv4, 12 for IPv4-mapped IPv6, -1 for other IPv6. */
    private static int ipv4Offset(IpAddress ip) {
        return ip.length() == 4 ? 0 : isIpv4Mapped(ip) ? 12 : -1;
    }

    private static boolean isLocal(IpAddress ip) {
        int v4 = ipv4Offset(ip);
        if (v4 >= 0) {
            return ip.byteAt(v4) == 127 || (ip.byteAt(v4) == 169 && ip.byteAt(v4 + 1) == 254);
        }
        return isIpv6Loopback(ip) || (ip.byteAt(0) == 0xfe && (ip.byteAt(1) & 0xc0) == 0x80);
    }

    private static boolean isIpv6Loopback(IpAddress ip) {
        for (int i = 0; i < 15; i++) {
            if (ip.byteAt(i) != 0) {
                return false;
            }
        }
        return ip.byteAt(15) == 1;
    }

    private static boolean isPrivate(IpAddress ip) {
        int v4 = ipv4Offset(ip);
        if (v4 >= 0) {
            int a = ip.byteAt(v4);
            int b = ip.byteAt(v4 + 1);
            return a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168);
        }
        return (ip.byteAt(0) & 0xfe) == 0xfc;
    }

    private static boolean isMulticast(IpAddress ip) {
        int v4 = ipv4Offset(ip);
        return v4 >= 0 ? (ip.byteAt(v4) & 0xf0) == 0xe0 : ip.byteAt(0) == 0xff;
    }
}
