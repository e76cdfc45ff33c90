package io.conntrackd.geoip;

import java.nio.file.Path;
import java.util.SplittableRandom;

import io.conntrackd.conntrack.IpAddress;

/**
 * Databases and addresses for the GeoIP benchmarks. Figures mean something only with real data: pass
 * {@code -p dir=DIR} where DIR holds GeoLite2-City.mmdb and GeoLite2-ASN.mmdb (see docs/performance.md).
 * Without it the project's tiny test databases are used, which know none of the random addresses.
 */
final class BenchmarkDatabases {

    private BenchmarkDatabases() {
    }

    static Path city(String dir) {
        return dir.isEmpty() ? TestDatabases.city() : Path.of(dir, "GeoLite2-City.mmdb");
    }

    static Path asn(String dir) {
        return dir.isEmpty() ? TestDatabases.asn() : Path.of(dir, "GeoLite2-ASN.mmdb");
    }

    /**
     * {@code count} random unicast addresses, the same for every run: four in five IPv4 (1.0.0.0 to
     * 223.255.255.255, without 10/8 and 127/8), the rest IPv6 in 2000::/3.
     */
    static IpAddress[] randomAddresses(int count) {
        SplittableRandom random = new SplittableRandom(20251127);
        IpAddress[] addresses = new IpAddress[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = random.nextInt(5) == 0 ? ipv6(random) : ipv4(random);
        }
        return addresses;
    }

    private static IpAddress ipv4(SplittableRandom random) {
        byte[] b = new byte[4];
        do {
            random.nextBytes(b);
        } while ((b[0] & 0xff) == 0 || (b[0] & 0xff) == 10 || (b[0] & 0xff) == 127 || (b[0] & 0xff) >= 224);
        return IpAddress.of(b);
    }

    private static IpAddress ipv6(SplittableRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] = (byte) (0x20 | (b[0] & 0x1f));
        return IpAddress.of(b);
    }
}
