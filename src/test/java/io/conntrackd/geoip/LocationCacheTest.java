package io.conntrackd.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.conntrack.IpAddress;
import org.junit.jupiter.api.Test;

class LocationCacheTest {

    private static final IpAddress A = IpAddress.parse("127.0.0.1");
    private static final IpAddress B = IpAddress.parse("::1");

    @Test
    void answersWhatWasPutIncludingUnknownAddresses() {
        LocationCache cache = new LocationCache(64);
        assertThat(cache.get(A)).isSameAs(LocationCache.NOT_CACHED);
        cache.put(A, TestDatabases.BERLIN);
        cache.put(B, null);
        assertThat(cache.get(A)).isEqualTo(TestDatabases.BERLIN);
        assertThat(cache.get(B)).isNull();
        assertThat(cache.get(IpAddress.parse("127.0.0.2"))).isSameAs(LocationCache.NOT_CACHED);
    }

    @Test
    void aSetHoldsTwoAddressesAndAThirdPushesOutTheOlder() {
        LocationCache cache = new LocationCache(2); // one set of two slots: every address shares it
        IpAddress c = IpAddress.parse("192.0.2.1");
        cache.put(A, TestDatabases.BERLIN);
        cache.put(B, TestDatabases.TOKYO);
        assertThat(cache.get(A)).isEqualTo(TestDatabases.BERLIN);
        assertThat(cache.get(B)).isEqualTo(TestDatabases.TOKYO);
        cache.put(c, TestDatabases.SYDNEY);
        assertThat(cache.get(A)).isSameAs(LocationCache.NOT_CACHED);
        assertThat(cache.get(B)).isEqualTo(TestDatabases.TOKYO);
        assertThat(cache.get(c)).isEqualTo(TestDatabases.SYDNEY);
    }

    @Test
    void puttingAnAddressAgainDoesNotPushOutItsNeighbour() {
        LocationCache cache = new LocationCache(1);
        cache.put(A, TestDatabases.BERLIN);
        cache.put(B, TestDatabases.TOKYO);
        cache.put(B, TestDatabases.TOKYO);
        assertThat(cache.get(A)).isEqualTo(TestDatabases.BERLIN);
    }

    @Test
    void sizeZeroCachesNothing() {
        LocationCache cache = new LocationCache(0);
        cache.put(A, TestDatabases.BERLIN);
        assertThat(cache.get(A)).isSameAs(LocationCache.NOT_CACHED);
    }

    @Test
    void theSameAddressParsedTwiceIsFound() {
        LocationCache cache = new LocationCache(3);
        cache.put(IpAddress.parse("2001:db8::1"), TestDatabases.AMSTERDAM);
        assertThat(cache.get(IpAddress.parse("2001:DB8:0::1"))).isEqualTo(TestDatabases.AMSTERDAM);
    }
}
