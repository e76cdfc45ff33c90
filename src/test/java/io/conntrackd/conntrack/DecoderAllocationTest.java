package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.conntrackd.testing.Allocations;
import org.junit.jupiter.api.Test;

/**
 * Guards the decoder's allocation budget (not its speed): an ignored message allocates nothing,
 * an event only the event, its tuples and addresses. Measured with the JVM's per-thread
 * allocation counter.
 */
class DecoderAllocationTest {

    private static final int ROUNDS = 50_000;

    private final ConntrackDecoder decoder = new ConntrackDecoder();

    @Test
    void ignoredMessagesAllocateNothing() throws Exception {
        byte[] icmp = CtFixtures.icmpNew();
        long bytes = allocatedPerDecode(icmp);
        assertThat(bytes).as("bytes per ignored message").isZero();
    }

    @Test
    void eventsAllocateOnlyTheEventTuplesAndAddresses() throws Exception {
        byte[] tcp = CtFixtures.tcpIpv4New();
        // ConntrackEvent and two Tuples; the addresses of a recurring flow come from the decoder's
        // address cache: 168 bytes on Java 17 with compressed oops
        assertThat(allocatedPerDecode(tcp)).as("bytes per event").isLessThan(600);
    }

    private long allocatedPerDecode(byte[] message) throws Exception {
        long[] received = {0};
        return Allocations.perCall(ROUNDS, () -> decoder.decode(message, 0, message.length, received[0]++));
    }
}
