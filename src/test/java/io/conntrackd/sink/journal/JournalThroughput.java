package io.conntrackd.sink.journal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A measuring harness, not a test: how fast the journal sink encodes events, and how fast it gets
 * them into a real journald (isolated as in the tests) with what CPU on both sides. Run as root
 * (see docs/journald.md): {@code java -cp ... io.conntrackd.sink.journal.JournalThroughput [events]}.
 */
public final class JournalThroughput {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private JournalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<List<ConntrackEvent>> batches = batches(count, 256);
        measureEncoder(batches);
        measureSink(batches, count);
    }

    /** Distinct events like a busy host's: mixed types, ports and a GeoIP location on every second one. */
    private static List<List<ConntrackEvent>> batches(int count, int size) {
        Location place = new Location("Falkenstein", "Germany", "DE", 50.4777, 12.3649, 24940, "Hetzner Online GmbH");
        List<List<ConntrackEvent>> batches = new ArrayList<>();
        List<ConntrackEvent> batch = new ArrayList<>(size);
        for (int i = 0; i < count; i++) {
            ConntrackEvent e = TestEvents.event(EventType.values()[i % 3], i % 2 == 0 ? Protocol.TCP : Protocol.UDP,
                    "10.0." + (i >> 8 & 255) + "." + (i & 255), 1024 + i % 60000, "2a01:4f8::" + (i % 97), 443);
            batch.add(i % 2 == 0 ? e.withLocations(null, place) : e);
            if (batch.size() == size) {
                batches.add(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
        }
        return batches;
    }

    private static void measureEncoder(List<List<ConntrackEvent>> batches) {
        JournalEntryEncoder encoder = new JournalEntryEncoder("conntrackd");
        long bytes = 0;
        long events = 0;
        long start = 0;
        for (int round = 0; round < 6; round++) { // the first three warm the JIT up
            if (round == 3) {
                start = System.nanoTime();
                bytes = 0;
                events = 0;
            }
            for (List<ConntrackEvent> batch : batches) {
                for (ConntrackEvent e : batch) {
                    bytes += encoder.encode(e).length();
                    events++;
                }
            }
        }
        long nanos = System.nanoTime() - start;
        System.out.printf("encoder: %.0f ns/event, %d bytes/entry on average%n", (double) nanos / events,
                bytes / events);
    }

    private static void measureSink(List<List<ConntrackEvent>> batches, int count) throws Exception {
        try (JournaldServer journald = JournaldServer.start(); CamelContext camel = new DefaultCamelContext()) {
            String uri = "conntrack-journal:" + journald.socket() + "?queueSize=" + count + "&whenFull=BLOCK";
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:events").to(uri);
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            SinkStats stats = camel.getEndpoint(uri, JournalSinkEndpoint.class).getStats();
            Duration journaldBefore = journald.cpuTime();
            long jvmBefore = OS.getProcessCpuTime();
            long start = System.nanoTime();
            for (List<ConntrackEvent> batch : batches) {
                template.sendBody("direct:events", batch);
            }
            while (stats.delivered() + stats.failed() < count) {
                Thread.sleep(1);
            }
            long sent = System.nanoTime() - start;
            journald.sync();
            long written = System.nanoTime() - start;
            long jvmCpu = OS.getProcessCpuTime() - jvmBefore;
            Duration journaldCpu = journald.cpuTime().minus(journaldBefore);
            long stored = journald.count("SYSLOG_IDENTIFIER=conntrackd");
            System.out.printf("sink: %d events sent in %.2f s (%.0f events/s), %d failed; journald wrote them all"
                    + " after %.2f s (%.0f events/s)%n", stats.delivered(), sent / 1e9, count / (sent / 1e9),
                    stats.failed(), written / 1e9, count / (written / 1e9));
            System.out.printf("cpu: conntrackd JVM %.1f us/event (route + encoder + send), journald %.1f us/event;"
                    + " entries in the journal: %d%n", jvmCpu / 1e3 / count, journaldCpu.toNanos() / 1e3 / count,
                    stored);
        }
    }
}
