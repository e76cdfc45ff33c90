package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressCacheTest {

    private final AddressCache cache = new AddressCache();

    @Test
    void aRecurringAddressIsTheSameObject() {
        byte[] buffer = {0, 10, 0, 0, 1, 0};
        IpAddress first = cache.get(buffer, 1, 4);
        assertThat(first).isEqualTo(IpAddress.parse("10.0.0.1"));
        assertThat(cache.get(buffer.clone(), 1, 4)).isSameAs(first);
    }

    @Test
    void everyAnswerHoldsTheAskedBytesWhateverSharesItsSlot() {
        // 70,000 addresses in 1024 slots: many evict each other, and each answer must still be right
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 70_000; i++) {
                byte[] v4 = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
                assertThat(cache.get(v4, 0, 4).toBytes()).isEqualTo(v4);
                byte[] v6 = new byte[16];
                v6[0] = 0x20;
                v6[1] = 0x01;
                v6[14] = (byte) (i >> 8);
                v6[15] = (byte) i;
                assertThat(cache.get(v6, 0, 16).toBytes()).isEqualTo(v6);
            }
        }
    }

    @Test
    void anIpv4AddressIsNeverTakenForAnIpv6OneWithTheSameLeadingBytes() {
        byte[] v6 = new byte[16];
        v6[0] = 10;
        v6[3] = 1;
        IpAddress v4 = cache.get(v6, 0, 4);
        assertThat(v4.isIpv4()).isTrue();
        assertThat(cache.get(v6, 0, 16).isIpv4()).isFalse();
        assertThat(cache.get(v6, 0, 4)).isEqualTo(v4);
    }
}
