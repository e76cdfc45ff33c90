package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Stopping: hung writers are let go at the drain deadline, and all sinks of a context drain at the same time. */
class SinkShutdownTest {

    private static final long DRAIN_MILLIS = 300;

    /** A sink whose writer waits for a latch that never opens (it lets go when interrupted). */
    private static final class HungSink extends SinkEndpoint {

        HungSink(CamelContext camel, String name) {
            super("hung:" + name, null, name, new SinkConfiguration());
            setCamelContext(camel);
            getConfiguration().setDrainTimeout(DRAIN_MILLIS);
        }

        @Override
        protected SinkWriter createWriter() {
            CountDownLatch never = new CountDownLatch(1);
            return events -> never.await(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void threeHungSinksStopInAboutOneDrainTimeoutAndCountWhatWasLeft() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        List<HungSink> sinks = List.of(new HungSink(camel, "a"), new HungSink(camel, "b"), new HungSink(camel, "c"));
        for (HungSink sink : sinks) {
            camel.addEndpoint(sink.getEndpointUri(), sink);
            sink.worker().offer(TestEvents.tcp4()); // taken by the writer, which hangs on it
            Await.until(sink::writingSinceNanos, w -> w.isPresent(), Duration.ofSeconds(5));
            sink.worker().offer(TestEvents.udp6()); // waits in the queue
        }

        long start = System.nanoTime();
        camel.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // one drain timeout, not one (or two, as before) per sink
        assertThat(took).isLessThan(Duration.ofMillis(4 * DRAIN_MILLIS)); // each used to wait up to 2 x (300 + 100) ms
        for (HungSink sink : sinks) {
            SinkStats stats = sink.getStats();
            assertThat(stats.accepted()).isEqualTo(2);
            assertThat(stats.dropped()).as("the queued event, never attempted").isEqualTo(1);
            assertThat(stats.failed()).as("the write interrupted at the deadline").isEqualTo(1);
            assertThat(stats.delivered()).isZero();
        }
    }
}
