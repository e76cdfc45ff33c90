package io.conntrackd.conntrack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.conntrackd.geoip.CpuPerOperation;
import io.conntrackd.netlink.Netlink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding real kernel datagrams: the 10 of the golden fixture (a TCP/IPv4 connection through its
 * states and a UDP/IPv6 flow, NEW, UPDATE and DESTROY with counters and timestamps), through the
 * reader's {@link DatagramHandler} as the reader calls it. Time per event. With {@code namespace=peer}
 * every datagram comes from another network namespace, as the reader hands it over with
 * --netlink.all-namespaces: its {@link PeerNamespace} looked up by id, then set on each event.
 */
public class DecoderBenchmark extends PerEventBenchmark {

    private static final String FIXTURE = "/fixtures/kernel-6.18-tcp4-udp6.hex";
    private static final int DATAGRAMS = 10;

    private final List<byte[]> datagrams = new ArrayList<>();
    private DatagramHandler handler;
    private PeerNamespaces peers;

    /** {@code own}: the listener's namespace (no id); {@code peer}: namespace id 7, named web. */
    @Param({"own", "peer"})
    public String namespace;
    private int namespaceId;

    @Setup
    public void load() throws IOException {
        try (InputStream in = DecoderBenchmark.class.getResourceAsStream(FIXTURE)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    datagrams.add(HexFormat.of().parseHex(line.trim()));
                }
            }
        }
        if (datagrams.size() != DATAGRAMS) {
            throw new IllegalStateException("the fixture has " + datagrams.size() + " datagrams, not " + DATAGRAMS);
        }
        handler = new DatagramHandler(new ConntrackDecoder());
        peers = new PeerNamespaces(() -> Map.of(7, "web"));
        namespaceId = namespace.equals("peer") ? 7 : Netlink.NSID_NOT_ASSIGNED;
    }

    @Benchmark
    @OperationsPerInvocation(DATAGRAMS)
    public void decode(Blackhole blackhole, CpuPerOperation cpu) {
        cpu.add(DATAGRAMS);
        long received = System.nanoTime();
        for (byte[] datagram : datagrams) {
            handler.handle(datagram, datagram.length, received, peers.of(namespaceId, received), blackhole::consume);
        }
    }
}
