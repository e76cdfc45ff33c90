package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.Command;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Loki sink's disk buffer when the disk fails it: a buffer directory on a 2 MiB tmpfs that fills up
 * while Loki is down (drops counted, the daemon and the stream sink go on, and delivery resumes once Loki
 * is back), and a segment damaged between two runs (warned, counted, every other event delivered).
 */
class DiskBufferFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFullDiskDropsAndCountsNewEventsAndDeliveryResumesWhenLokiIsBack() throws Exception {
        Prerequisites.requireRoot();
        Path small = Files.createDirectories(dir.resolve("tmpfs"));
        Command.run(WAIT, List.of("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString())).requireSuccess();
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
            loki.down();
            try (DaemonProcess daemon = start(ns, loki, small)) {
                ObserveClient observe = ObserveClient.of(daemon);
                int flood = 40_000; // ~90 bytes each on disk: about twice what 2 MiB hold
                // source ports below the ephemeral range (where the flood's server gets its port); each flood's
                // server port is new, so the same source ports make new flows
                ns.udpFlood("127.0.0.1", flood / 2, 10_000);
                ns.udpFlood("127.0.0.1", flood / 2, 10_000);
                daemon.awaitJsonLines("the flood on the stream sink, not held up", l -> l.size() >= flood, WAIT);
                double dropped = awaitOnDiskOrDropped(observe, flood);
                // a write that still fits the last page of the segment clears the failure the health check shows:
                // single events until one finds no room, after which none can (nothing is acknowledged, Loki is down)
                int sent = flood;
                double before;
                do {
                    assertThat(sent - flood).as("single events sent to fill the disk's last page").isLessThan(500);
                    before = dropped;
                    ns.udpFlood("127.0.0.1", 1, 30_000 + sent - flood);
                    dropped = awaitOnDiskOrDropped(observe, ++sent);
                } while (dropped == before);
                int total = sent;
                assertThat(dropped).as("events that found no room on the disk").isPositive();
                assertThat(observe.value("conntrackd_sink_buffer_dropped_total", "sink", "loki", "reason", "write-error"))
                        .isEqualTo(dropped);
                assertThat(observe.health("/health/ready").check("sink:loki").toString())
                        .contains("No space left on device");
                assertThat(daemon.stderr()).contains("writing its disk buffer");
                assertThat(daemon.process().isAlive()).isTrue();

                loki.up();
                int buffered = total - (int) dropped;
                awaitInLoki(loki, observe, buffered);
                Await.until("the disk buffer's files deleted (room on the disk again)",
                        () -> observe.value("conntrackd_sink_buffer_bytes", "sink", "loki"), n -> n == 0, WAIT);
                ns.udpFlood("127.0.0.1", 1000, 10_000);
                daemon.awaitJsonLines("the third flood on the stream sink", l -> l.size() >= total + 1000, WAIT);
                awaitInLoki(loki, observe, buffered + 1000);
                // Loki stores a push before it answers, and the sink counts it delivered once the answer is in
                List<ObserveClient.Sample> settled = Await.until("the last push counted delivered", observe::samples,
                        m -> loki(m, "conntrackd_sink_delivered_total") >= buffered + 1000, WAIT);
                assertThat(loki(settled, "conntrackd_sink_dropped_total")).isEqualTo(dropped);
                assertThat(loki(settled, "conntrackd_sink_delivered_total")).isEqualTo(buffered + 1000);
            }
        } finally {
            Command.run(WAIT, List.of("umount", small.toString())).requireSuccess();
        }
    }

    @Test
    void aDamagedSegmentIsWarnedAboutCountedAndTheOtherEventsAreDelivered() throws Exception {
        Path buffer = dir.resolve("buffer");
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start()) {
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
            loki.down();
            Set<String> written = new HashSet<>();
            for (int run = 0; run < 2; run++) { // two runs: two segments
                try (DaemonProcess daemon = start(ns, loki, buffer)) {
                    ObserveClient observe = ObserveClient.of(daemon);
                    ns.udpFlood("127.0.0.1", 1000, 10_000 + run * 1000);
                    written.addAll(keys(daemon.awaitJsonLines("the flood", l -> l.size() >= 1000, WAIT)));
                    int onDisk = 1000 * (run + 1);
                    Await.until("the flood on disk", () -> observe.value("conntrackd_sink_buffer_events", "sink", "loki"),
                            n -> n == onDisk, WAIT);
                    assertThat(daemon.terminate(WAIT)).isZero();
                }
            }
            Path first = segments(buffer.resolve("loki")).get(0);
            flipByteInTheMiddle(first);

            loki.up();
            try (DaemonProcess daemon = start(ns, loki, buffer)) {
                ObserveClient observe = ObserveClient.of(daemon);
                assertThat(daemon.stderr()).contains("Disk buffer segment " + first.getFileName() + ": skipped damaged"
                        + " records");
                assertThat(observe.value("conntrackd_sink_buffer_corrupted_total", "sink", "loki")).isEqualTo(1);
                loki.awaitEntries(2 * 1000 - 1, WAIT);
                Await.until("the disk buffer emptied", () -> observe.value("conntrackd_sink_buffer_events", "sink", "loki"),
                        n -> n == 0, WAIT);
                Set<String> stored = new HashSet<>();
                for (LokiServer.Entry e : loki.entries()) {
                    stored.add(key(JSON.readTree(e.line())));
                }
                Set<String> missing = new HashSet<>(written);
                missing.removeAll(stored);
                assertThat(missing).as("only the damaged record's event is lost").hasSize(1);
                assertThat(stored).hasSize(2 * 1000 - 1);
            }
        }
    }

    private DaemonProcess start(TestNamespace ns, LokiServer loki, Path buffer) throws IOException {
        return DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.loki.enable",
                "--sink.loki.address", loki.address(), "--sink.loki.buffer", "disk", "--buffer.dir", buffer.toString(),
                "--sink.loki.batch-wait", "100", "--sink.loki.min-backoff", "200", "--sink.loki.max-backoff", "1000",
                "--metrics.enable", "--metrics.address", "127.0.0.1:0");
    }

    /** Waits until each of the first {@code events} events is on disk or dropped; returns the dropped count. */
    private static double awaitOnDiskOrDropped(ObserveClient observe, int events) throws IOException {
        return loki(Await.until(events + " events on disk or dropped", observe::samples,
                m -> loki(m, "conntrackd_sink_buffer_events") + loki(m, "conntrackd_sink_dropped_total") >= events,
                WAIT), "conntrackd_sink_dropped_total");
    }

    /** Awaits the entries; a failure tells what the daemon counted for the Loki sink and its buffer. */
    private static void awaitInLoki(LokiServer loki, ObserveClient observe, int entries) throws IOException {
        try {
            loki.awaitEntries(entries, WAIT);
        } catch (AssertionError e) {
            List<ObserveClient.Sample> meters;
            try {
                meters = observe.samples();
            } catch (IOException | RuntimeException unreadable) { // the daemon gone: the wait's failure still counts
                e.addSuppressed(unreadable);
                throw e;
            }
            throw new AssertionError(e.getMessage() + "; the Loki sink's meters: " + meters.stream()
                    .filter(s -> "loki".equals(s.labels().get("sink"))).toList(), e);
        }
    }

    private static double loki(List<ObserveClient.Sample> samples, String name) {
        return ObserveClient.sum(samples, name, "sink", "loki");
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void flipByteInTheMiddle(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    private static Set<String> keys(List<JsonNode> lines) {
        Set<String> keys = new HashSet<>();
        lines.forEach(l -> keys.add(key(l)));
        return keys;
    }

    private static String key(JsonNode line) {
        return EventKeys.of(line) + " at " + line.get("time").asText();
    }
}
