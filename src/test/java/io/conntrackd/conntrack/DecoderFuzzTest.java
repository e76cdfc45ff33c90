package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzes the netlink framing and the conntrack decoder (what the reader does with each datagram) with
 * random bytes and with mutations of real kernel messages (the golden fixture) and of hand-built ones:
 * flipped bits, boundary values in length and type fields, truncation, insertion, deletion and splices.
 * For every input: no exception escapes, the call returns (the whole run is bounded, so an endless loop
 * fails the test with the input that caused it; how fast it decodes is for the benchmarks), it
 * allocates at most {@value #MAX_BYTES_PER_INPUT} bytes, and every event it emits is whole.
 * Each seed is a reproducible run; a failure names the seed, the iteration and the input in hex.
 */
class DecoderFuzzTest {

    private static final int ITERATIONS = 100_000;
    private static final long MAX_BYTES_PER_INPUT = 256 * 1024;
    private static final int[] BOUNDARY = {0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 20, 0x3fff, 0x4000, 0x7fff, 0x8000,
        0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff};

    private static List<byte[]> seeds;

    /** The input being handled, for the failure message of a timeout. */
    private volatile String current = "";

    @BeforeAll
    static void loadSeeds() throws IOException {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the fixture was captured little-endian");
        seeds = new ArrayList<>();
        try (InputStream in = DecoderFuzzTest.class.getResourceAsStream("/fixtures/kernel-6.18-tcp4-udp6.hex")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    seeds.add(HexFormat.of().parseHex(line.trim()));
                }
            }
        }
        seeds.add(CtFixtures.tcpIpv4New());
        seeds.add(CtFixtures.udpIpv6Destroy());
        seeds.add(CtFixtures.icmpNew());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 20251127, 0x5eed})
    void noInputThrowsHangsOrAllocatesMuch(long seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(seed), () -> "endless loop? input: " + current);
    }

    private void run(long seed) {
        Random random = new Random(seed);
        DatagramHandler handler = new DatagramHandler(new ConntrackDecoder());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<ConntrackEvent> events = new ArrayList<>();
        Random warmUp = new Random(~seed);
        for (int i = 0; i < 5_000; i++) { // loads and initializes classes, so that only the decoding is measured
            byte[] input = input(warmUp);
            handler.handle(input, input.length, i, e -> { });
        }
        long decodedEvents = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = input(random);
            current = "seed " + seed + " iteration " + i + ": " + HexFormat.of().formatHex(input);
            events.clear();
            long allocated = threads.getThreadAllocatedBytes(thread);
            try {
                handler.handle(input, input.length, i, events::add);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("the decoder threw on " + current, e);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - allocated;
            assertThat(allocated).as("bytes allocated for %s", current).isLessThan(MAX_BYTES_PER_INPUT);
            for (ConntrackEvent e : events) {
                assertWhole(e);
            }
            decodedEvents += events.size();
        }
        // the mutations keep many messages valid, so the decoder's deeper paths run too
        assertThat(decodedEvents).as("events decoded from %d inputs", ITERATIONS).isGreaterThan(ITERATIONS / 10);
        assertThat(handler.malformed).as("malformed inputs seen").isGreaterThan(ITERATIONS / 10);
    }

    private static void assertWhole(ConntrackEvent e) {
        int addressLength = e.family() == Family.IPV4 ? 4 : 16;
        assertThat(e.original().source().length()).isEqualTo(addressLength);
        assertThat(e.original().destination().length()).isEqualTo(addressLength);
        assertThat(e.original().sourcePort()).isBetween(0, 65535);
        assertThat(e.original().destinationPort()).isBetween(0, 65535);
        assertThat(e.flowId()).isBetween(-1L, 0xffffffffL);
    }

    private static byte[] input(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> randomBytes(random);
            case 1 -> flipBits(random, seed(random));
            case 2 -> boundaryField(random, seed(random));
            case 3 -> Arrays.copyOf(seed(random), random.nextInt(seed(random).length + 1)); // truncated
            case 4 -> insertOrDelete(random, seed(random));
            case 5 -> splice(random);
            case 6 -> concat(seed(random), mutate(random, seed(random)), seed(random));
            default -> mutate(random, mutate(random, seed(random)));
        };
    }

    private static byte[] seed(Random random) {
        return seeds.get(random.nextInt(seeds.size())).clone();
    }

    private static byte[] mutate(Random random, byte[] d) {
        return switch (random.nextInt(3)) {
            case 0 -> flipBits(random, d);
            case 1 -> boundaryField(random, d);
            default -> insertOrDelete(random, d);
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] d = new byte[random.nextInt(1024)];
        random.nextBytes(d);
        if (d.length >= 16 && random.nextBoolean()) {
            // a plausible header, so that the random payload reaches the attribute parser
            ByteBuffer.wrap(d).order(ByteOrder.nativeOrder()).putInt(0, d.length).putShort(4, (short) 0x0100);
        }
        return d;
    }

    private static byte[] flipBits(Random random, byte[] d) {
        if (d.length == 0) {
            return d;
        }
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            d[random.nextInt(d.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return d;
    }

    /** Overwrites a 16- or 32-bit field (at a 2-byte boundary: where netlink lengths and types are) with an edge value. */
    private static byte[] boundaryField(Random random, byte[] d) {
        if (d.length < 4) {
            return d;
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(random.nextBoolean() ? ByteOrder.nativeOrder() : ByteOrder.BIG_ENDIAN);
        int at = random.nextInt(d.length / 2 - 1) * 2;
        int value = BOUNDARY[random.nextInt(BOUNDARY.length)];
        if (random.nextBoolean()) {
            b.putShort(at, (short) value);
        } else if (at + 4 <= d.length) {
            b.putInt(at, value);
        }
        return d;
    }

    private static byte[] insertOrDelete(Random random, byte[] d) {
        int at = random.nextInt(d.length + 1);
        int n = 1 + random.nextInt(16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(d, 0, at);
        if (random.nextBoolean()) {
            byte[] extra = new byte[n];
            random.nextBytes(extra);
            out.writeBytes(extra);
            out.write(d, at, d.length - at);
        } else {
            int skip = Math.min(n, d.length - at);
            out.write(d, at + skip, d.length - at - skip);
        }
        return out.toByteArray();
    }

    /** The start of one real message followed by the rest of another. */
    private static byte[] splice(Random random) {
        byte[] a = seed(random);
        byte[] b = seed(random);
        int cutA = random.nextInt(a.length + 1);
        int cutB = random.nextInt(b.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(a, 0, cutA);
        out.write(b, cutB, b.length - cutB);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
