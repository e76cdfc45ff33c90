package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conntrackd.netlink.MalformedMessageException;
import java.lang.management.ManagementFactory;
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
        // ConntrackEvent, its builder, two Tuples, two IpAddresses with their byte[4] (the reply's are
        // shared): 392 bytes on Java 17 with compressed oops
        assertThat(allocatedPerDecode(tcp)).as("bytes per event").isLessThan(600);
    }

    private long allocatedPerDecode(byte[] message) throws MalformedMessageException {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        long id = Thread.currentThread().getId();
        for (int i = 0; i < ROUNDS; i++) { // warm up, so the JIT has compiled the decoder
            decoder.decode(message, 0, message.length, i);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < ROUNDS; i++) {
            decoder.decode(message, 0, message.length, i);
        }
        long after = threads.getThreadAllocatedBytes(id);
        return (after - before) / ROUNDS;
    }
}
