package io.conntrackd.conntrack;

/** Text forms of IP addresses: RFC 5952 output and strict literal parsing (no DNS). */
final class IpLiterals {

    private IpLiterals() {
    }

    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null} when it is not one. */
    static byte[] parse(String s) {
        return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = parseDecimalOctet(parts[i]);
            if (v < 0) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static int parseDecimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 255 ? v : -1;
    }

    private static byte[] parseIpv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        if (gap >= 0 && head.indexOf('.') >= 0) {
            return null; // a dotted quad may only end the address
        }
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] headGroups = parseGroups(head);
        int[] tailGroups = parseGroups(tail);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        put(out, 0, headGroups);
        put(out, 8 - tailGroups.length, tailGroups);
        return out;
    }

    private static void put(byte[] out, int firstGroup, int[] groups) {
        for (int i = 0; i < groups.length; i++) {
            out[2 * (firstGroup + i)] = (byte) (groups[i] >> 8);
            out[2 * (firstGroup + i) + 1] = (byte) groups[i];
        }
    }

    /** Colon-separated hex groups, where the last may be a dotted quad (two groups). */
    private static int[] parseGroups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        boolean dotted = parts[parts.length - 1].indexOf('.') >= 0;
        int[] groups = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length - (dotted ? 1 : 0); i++) {
            int v = parseHexGroup(parts[i]);
            if (v < 0) {
                return null;
            }
            groups[i] = v;
        }
        if (dotted) {
            byte[] v4 = parseIpv4(parts[parts.length - 1]);
            if (v4 == null) {
                return null;
            }
            groups[parts.length - 1] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            groups[parts.length] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return groups;
    }

    private static int parseHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < part.length(); i++) {
            int d = Character.digit(part.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
