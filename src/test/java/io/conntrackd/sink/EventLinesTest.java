package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each event's line encoded once for the sinks of a CamelContext that write it: while two or more such sinks run
 * on the route's own events and keep pace, every one of them gets the same line; otherwise none gets one.
 */
class EventLinesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CamelContext camel = new DefaultCamelContext();
    private final List<SinkEndpoint> sinks = new ArrayList<>();

    @TempDir
    Path bufferDirectory;

    /** A sink that writes lines and keeps, per event, the line the route gave it ({@code null}: none). */
    private final class LineSink extends SinkEndpoint {

        final Map<ConntrackEvent, byte[]> given = new ConcurrentHashMap<>();
        final List<ConntrackEvent> withoutLine = new ArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        LineSink(String name, SinkConfiguration configuration) {
            super("lines:" + name, null, name, configuration);
            setCamelContext(camel);
            sinks.add(this);
        }

        @Override
        protected boolean writesLines() {
            return true;
        }

        @Override
        protected SinkWriter createWriter() {
            return batch -> {
                gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (int i = 0; i < batch.size(); i++) {
                    byte[] line = batch.line(i);
                    if (line == null) {
                        synchronized (withoutLine) {
                            withoutLine.add(batch.events().get(i));
                        }
                    } else {
                        given.put(batch.events().get(i), line);
                    }
                }
                batch.settleRemaining(Outcome.DELIVERED, null);
            };
        }

        void awaitDelivered(long events) throws Exception {
            Await.until(getSinkId() + " wrote " + events + " events", this::getStats, s -> s.delivered() >= events,
                    WAIT);
        }
    }

    @AfterEach
    void close() throws Exception {
        for (SinkEndpoint sink : sinks) {
            sink.stop();
        }
        camel.close();
    }

    /** Hands {@code events}, as one exchange's body, to each sink's producer in turn, as a recipient list does. */
    private void route(List<ConntrackEvent> events, SinkEndpoint... sinks) throws Exception {
        Exchange exchange = sinks[0].createExchange();
        exchange.getMessage().setBody(events);
        for (SinkEndpoint sink : sinks) {
            Exchange copy = exchange.copy(); // the body stays the same object
            sink.createProducer().process(copy);
        }
    }

    private LineSink started(String name, SinkConfiguration configuration) throws Exception {
        camel.start();
        LineSink sink = new LineSink(name, configuration);
        sink.start();
        return sink;
    }

    private void routeAndAwait(List<ConntrackEvent> events, LineSink... sinks) throws Exception {
        route(events, sinks);
        for (LineSink sink : sinks) {
            sink.awaitDelivered(events.size());
        }
    }

    /** Distinct events (the sinks key what they were given by event) with every kind of field, netns too. */
    private static List<ConntrackEvent> events() {
        return TestEvents.varied();
    }

    @Test
    void twoSinksGetTheSameLineOfEachEventEncodedOnce() throws Exception {
        LineSink stream = started("stream", new SinkConfiguration());
        LineSink kafka = started("kafka", new BufferedSinkConfiguration());
        List<ConntrackEvent> events = events();

        routeAndAwait(events, stream, kafka);

        LineEncoder reference = new LineEncoder();
        for (ConntrackEvent e : events) {
            assertThat(kafka.given.get(e)).isSameAs(stream.given.get(e)).isEqualTo(reference.line(e));
        }
        assertThat(EventLines.of(camel).encodedOnce()).isEqualTo(events.size());
    }

    @Test
    void aSinkAloneGetsNoLinesAndNeitherDoesOneBesideADiskBufferedSink() throws Exception {
        BufferedSinkConfiguration onDisk = new BufferedSinkConfiguration();
        onDisk.setBuffer(BufferedSinkConfiguration.Buffer.DISK);
        onDisk.setBufferDirectory(bufferDirectory.toString());
        LineSink stream = started("stream", new SinkConfiguration());
        LineSink loki = started("loki", onDisk); // writes the events it reads back from its disk buffer
        List<ConntrackEvent> events = events();

        routeAndAwait(events, stream, loki);

        assertThat(stream.given).isEmpty();
        assertThat(loki.given).isEmpty();
        assertThat(stream.withoutLine).containsExactlyElementsOf(events);
        assertThat(EventLines.of(camel).encodedOnce()).isZero();
    }

    @Test
    void whileASinkLagsFarBehindNoLinesAreEncodedForTheOthersAndOnceItStoppedNeither() throws Exception {
        SinkConfiguration deep = new SinkConfiguration();
        deep.setQueueSize(4 * EventLines.MAX_LAG);
        LineSink stream = started("stream", new SinkConfiguration());
        LineSink lagging = started("kafka", deep);
        lagging.gate = new CountDownLatch(1);
        List<ConntrackEvent> backlog = new ArrayList<>();
        for (int i = 0; i < EventLines.MAX_LAG + 2 * deep.getWriteBatchSize(); i++) {
            backlog.add(TestEvents.builder(EventType.NEW, Protocol.UDP, TestEvents.tuple("10.0.0.1", i, "10.0.0.2", 53))
                    .flowId(i).build());
        }
        route(backlog, stream, lagging); // encoded: nobody lagged yet
        Await.until("the lagging sink's backlog", lagging::getQueued, q -> q >= EventLines.MAX_LAG, WAIT);

        List<ConntrackEvent> next = events();
        route(next, stream, lagging);
        lagging.gate.countDown();

        stream.awaitDelivered(backlog.size() + next.size());
        lagging.awaitDelivered(backlog.size() + next.size());
        assertThat(lagging.given).hasSize(backlog.size());
        assertThat(lagging.withoutLine).containsExactlyElementsOf(next);
        assertThat(stream.withoutLine).containsExactlyElementsOf(next);
        lagging.stop();
        List<ConntrackEvent> alone = List.of(TestEvents.udp6());
        route(alone, stream);
        stream.awaitDelivered(backlog.size() + next.size() + 1);
        assertThat(stream.withoutLine).endsWith(alone.get(0));
    }

    @Test
    void theSameListChangedInPlaceIsReadAgain() throws Exception {
        EventLines lines = new EventLines();
        List<ConntrackEvent> body = new ArrayList<>(List.of(TestEvents.tcp4(), TestEvents.udp6()));
        Message message = new DefaultMessage(camel);
        message.setBody(body);
        List<QueuedEvent> first = lines.queued(message);
        assertThat(lines.queued(message)).isSameAs(first);

        ConntrackEvent replacement = TestEvents.tcp4().withLocations(null, null);
        body.set(1, replacement);

        assertThat(lines.queued(message)).extracting(QueuedEvent::event).containsExactly(body.get(0), replacement);
        message.setBody(replacement);
        assertThat(lines.queued(message)).extracting(QueuedEvent::event).containsExactly(replacement);
    }

    /** Routes on several threads at once: each exchange gets its own events, each with its own line. */
    @Test
    void routesOnSeveralThreadsEachGetTheirOwnEventsAndLines() throws Exception {
        started("a", new SinkConfiguration());
        started("b", new SinkConfiguration());
        EventLines lines = EventLines.of(camel);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                wrong.add(threads.submit(() -> {
                    LineEncoder own = new LineEncoder();
                    int mismatches = 0;
                    for (int i = 0; i < 2_000; i++) {
                        ConntrackEvent e = TestEvents.builder(EventType.NEW, Protocol.TCP,
                                TestEvents.tuple("10.0." + thread + ".1", i, "10.0.0.2", 443)).flowId(i).build();
                        Message message = new DefaultMessage(camel);
                        message.setBody(List.of(e));
                        List<QueuedEvent> queued = lines.queued(message);
                        if (queued.size() != 1 || queued.get(0).event() != e
                                || !Arrays.equals(queued.get(0).line(), own.line(e))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> w : wrong) {
                assertThat(w.get(60, TimeUnit.SECONDS)).as("exchanges that got another's events or lines").isZero();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(lines.encodedOnce()).isEqualTo(2 * 2_000);
    }
}
