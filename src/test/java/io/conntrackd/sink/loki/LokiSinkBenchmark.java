package io.conntrackd.sink.loki;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.LokiServer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Measures the Loki sink (a harness, not a test): the worker's cost per event to encode and batch
 * (pushes discarded), then end to end through Camel to the in-process Loki over HTTP. Run with
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * io.conntrackd.sink.loki.LokiSinkBenchmark} (see docs/loki.md).
 */
public final class LokiSinkBenchmark {

    private static final int EVENTS = 200_000;
    /** End to end the test server keeps every entry in memory, so fewer. */
    private static final int END_TO_END_EVENTS = 50_000;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private LokiSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<ConntrackEvent> events = LokiSinkTest.events(1, EVENTS);
        for (int round = 0; round < 3; round++) {
            encodeAndBatch(events, round == 2);
        }
        List<ConntrackEvent> fewer = events.subList(0, END_TO_END_EVENTS);
        for (int round = 0; round < 2; round++) {
            endToEnd(fewer, round == 1, false);
            endToEnd(fewer, round == 1, true);
        }
    }

    /** The sink worker's own work: encoding entries and building push bodies, on this thread. */
    private static void encodeAndBatch(List<ConntrackEvent> events, boolean report) {
        SinkStats stats = new SinkStats("bench");
        LokiWriter writer = new LokiWriter(LokiLabels.of("bench", Map.of()), true,
                new BatchLimits(1000, 1 << 20, 1000, 16 << 20), new Backoff(500, 30_000), 10,
                new DiscardingPusher(), stats, new LokiPushStats(16 << 20), SinkClock.SYSTEM);
        long tid = Thread.currentThread().getId();
        long cpu0 = THREADS.getThreadCpuTime(tid);
        long alloc0 = THREADS.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        for (int i = 0; i < events.size(); i += 1024) {
            writer.write(new EventBatch(events.subList(i, Math.min(events.size(), i + 1024)), stats));
        }
        writer.finish(System.nanoTime() + 1_000_000_000L);
        long wall = System.nanoTime() - t0;
        if (report) {
            System.out.printf("encode+batch: %,.0f events/s, %.2f us CPU and %,d bytes allocated per event%n",
                    events.size() * 1e9 / wall, (THREADS.getThreadCpuTime(tid) - cpu0) / 1e3 / events.size(),
                    (THREADS.getThreadAllocatedBytes(tid) - alloc0) / events.size());
        }
    }

    /** Through a Camel endpoint to the in-process Loki; CPU is the whole process (sink and server). */
    private static void endToEnd(List<ConntrackEvent> events, boolean report, boolean gzip) throws Exception {
        try (LokiServer loki = LokiServer.start(); DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            String uri = "conntrack-loki:" + loki.address() + "?batchWait=100&queueSize=" + events.size()
                    + "&gzip=" + gzip;
            ProducerTemplate template = context.createProducerTemplate();
            SinkStats stats = context.getEndpoint(uri, LokiEndpoint.class).getStats();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < events.size(); i += 256) {
                template.sendBody(uri, List.copyOf(events.subList(i, Math.min(events.size(), i + 256))));
            }
            Await.until("every event delivered, failed or dropped",
                    () -> stats.delivered() + stats.failed() + stats.dropped(), n -> n == events.size(),
                    Duration.ofMinutes(5));
            long wall = System.nanoTime() - t0;
            if (report) {
                System.out.printf("end to end (gzip=%s): %,.0f events/s; sink worker %.2f us CPU per event;"
                        + " process (sink, Camel and test server) %.1f us; %d pushes on %d connection(s); %s%n",
                        gzip, events.size() * 1e9 / wall, workerCpuNanos() / 1e3 / events.size(),
                        (os.getProcessCpuTime() - cpu0) / 1e3 / events.size(), loki.requests().size(),
                        loki.requests().stream().map(LokiServer.Request::remotePort).distinct().count(), stats);
            }
        }
    }

    /** CPU time of the sink's worker thread (its name is "... ConntrackSink-loki"). */
    private static long workerCpuNanos() {
        for (long id : THREADS.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
            if (info != null && info.getThreadName().endsWith("ConntrackSink-loki")) {
                return THREADS.getThreadCpuTime(id);
            }
        }
        throw new IllegalStateException("no sink worker thread");
    }

    /** Answers 204 to everything and keeps nothing. */
    private static final class DiscardingPusher implements LokiPusher {
        @Override
        public PushResult push(byte[] jsonBody) {
            return PushResult.answer(204, "");
        }

        @Override
        public void close() {
        }
    }
}
