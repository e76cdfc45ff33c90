package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A sink whose writer waits for a latch that never opens (it lets go when interrupted), and notes the
     * deadline its final flush is given.
     */
    private static final class HungSink extends SinkEndpoint {

        private final List<Long> finishDeadlines;

        HungSink(CamelContext camel, String name, List<Long> finishDeadlines) {
            super("hung:" + name, null, name, new SinkConfiguration());
            this.finishDeadlines = finishDeadlines;
            setCamelContext(camel);
            getConfiguration().setDrainTimeout(DRAIN_MILLIS);
        }

        @Override
        protected SinkWriter createWriter() {
            CountDownLatch never = new CountDownLatch(1);
            return new SinkWriter() {
                @Override
                public void write(EventBatch batch) throws InterruptedException {
                    never.await(1, TimeUnit.MINUTES);
                }

                @Override
                public void finish(long deadlineNanos) {
                    finishDeadlines.add(deadlineNanos);
                }
            };
        }
    }

    @Test
    void threeHungSinksStopAtOneDrainDeadlineAndCountWhatWasLeft() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        List<Long> finishDeadlines = new CopyOnWriteArrayList<>();
        List<HungSink> sinks = List.of(new HungSink(camel, "a", finishDeadlines),
                new HungSink(camel, "b", finishDeadlines), new HungSink(camel, "c", finishDeadlines));
        for (HungSink sink : sinks) {
            camel.addEndpoint(sink.getEndpointUri(), sink);
            // taken by the writer, which hangs on it
            sink.worker().offerAll(List.of(QueuedEvent.of(TestEvents.tcp4())));
            Await.until("sink " + sink.getSinkId() + " writing", sink::writingSinceNanos, w -> w.isPresent(),
                    Duration.ofSeconds(5));
            sink.worker().offerAll(List.of(QueuedEvent.of(TestEvents.udp6()))); // waits in the queue
        }

        camel.stop();

        // one drain deadline for all sinks (shutdown takes one drain timeout), not one per sink
        assertThat(Set.copyOf(Await.until("the final flush of every sink", () -> List.copyOf(finishDeadlines),
                d -> d.size() == sinks.size(), Duration.ofSeconds(5)))).hasSize(1);
        for (HungSink sink : sinks) {
            SinkStats stats = sink.getStats();
            assertThat(stats.accepted()).isEqualTo(2);
            assertThat(stats.dropped()).as("the queued event, never attempted").isEqualTo(1);
            assertThat(stats.failed()).as("the write interrupted at the deadline").isEqualTo(1);
            assertThat(stats.delivered()).isZero();
        }
    }
}
