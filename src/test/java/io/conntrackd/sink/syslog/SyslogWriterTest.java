package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.Outcome;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.syslog.connection.NotConnectedException;
import io.conntrackd.sink.syslog.connection.SyslogConnection;
import io.conntrackd.sink.syslog.format.SyslogFormatter;
import io.conntrackd.testing.FakeClock;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's retry and settlement rules, with a scripted transport in place of a server and a clock
 * that only pretends to wait.
 */
class SyslogWriterTest {

    /** Formats an event as its source port, so that sent messages are easy to read. */
    private static final SyslogFormatter PORTS = e -> Integer.toString(e.original().sourcePort())
            .getBytes(StandardCharsets.US_ASCII);

    /** Records what it sent; each call first takes the next scripted outcome (null: success). */
    private static final class ScriptedTransport implements SyslogConnection {
        final Deque<IOException> outcomes = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();
        int calls;

        @Override
        public void send(List<byte[]> messages) throws IOException {
            calls++;
            IOException outcome = outcomes.isEmpty() ? null : outcomes.poll();
            int delivered = outcome instanceof NotConnectedException nc ? nc.sent() : outcome == null
                    ? messages.size() : 0;
            for (byte[] m : messages.subList(0, delivered)) {
                sent.add(new String(m, StandardCharsets.US_ASCII));
            }
            if (outcome != null) {
                throw outcome;
            }
        }

        @Override
        public void close() {
        }
    }

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final FakeClock clock = new FakeClock();
    private final SinkStats stats = new SinkStats("syslog");

    private EventBatch events(int... ports) {
        List<ConntrackEvent> list = new ArrayList<>();
        for (int p : ports) {
            list.add(TestEvents.event(EventType.NEW, Protocol.UDP, "10.0.0.1", p, "10.0.0.2", 53));
        }
        return new EventBatch(list, stats);
    }

    /** A writer whose reconnection delays, without jitter, are 100, 200, 400 ms and then 500 ms. */
    private SyslogWriter writer(int maxDatagramBytes) {
        return new SyslogWriter(PORTS, transport, maxDatagramBytes, new Backoff(100, 500, () -> 0.0), clock, "test");
    }

    @AfterEach
    void noEventWasSettledWrongly() {
        assertThat(stats.settlementErrors()).as(stats.toString()).isZero();
    }

    @Test
    void waitsForAnUnreachableServerAndSendsOnlyWhatDidNotGetThrough() throws Exception {
        transport.outcomes.add(new NotConnectedException("refused", null));
        transport.outcomes.add(new NotConnectedException("daemon restarted", null, 2));

        writer(0).write(events(1, 2, 3, 4));

        assertThat(transport.calls).isEqualTo(3);
        assertThat(transport.sent).containsExactly("1", "2", "3", "4");
        assertThat(stats.delivered()).isEqualTo(4);
    }

    @Test
    void waitsLongerAfterEachFailedAttemptUpToTheLongestDelay() throws Exception {
        for (int i = 0; i < 5; i++) {
            transport.outcomes.add(new NotConnectedException("refused", null));
        }
        SyslogWriter writer = writer(0);

        writer.write(events(1));
        assertThat(clock.sleeps()).containsExactly(100 * MS, 200 * MS, 400 * MS, 500 * MS, 500 * MS);

        transport.outcomes.add(new NotConnectedException("refused again", null));
        writer.write(events(2));
        assertThat(clock.sleeps()).as("a delivery starts the backoff over").endsWith(100 * MS);
        assertThat(transport.sent).containsExactly("1", "2");
    }

    @Test
    void aFailedSendFailsTheBatchWithoutRetryingAndLeavesItToTheWorker() {
        transport.outcomes.add(new IOException("broken pipe"));
        EventBatch batch = events(1, 2);

        assertThatThrownBy(() -> writer(0).write(batch)).hasMessage("broken pipe");
        assertThat(transport.calls).isEqualTo(1);
        assertThat(stats.delivered() + stats.failed()).as("nothing settled").isZero();
        assertThat(batch.settleRemaining(Outcome.FAILED, "broken pipe")).isEqualTo(2);
    }

    @Test
    void messagesLongerThanADatagramAreLeftOutAndFailed() throws Exception {
        writer(4).write(events(1234, 12345, 4321));

        assertThat(transport.sent).containsExactly("1234", "4321");
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.failure())
                .isEqualTo("the message is longer than the datagram limit of 4 bytes (maxDatagramSize)");
    }

    @Test
    void anInterruptWhileWaitingGivesUpAndKeepsTheInterruptForTheWorkerLoop() {
        for (int i = 0; i < 100; i++) {
            transport.outcomes.add(new NotConnectedException("refused", null));
        }
        SyslogWriter writer = writer(0);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> writer.write(events(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(transport.sent).isEmpty();
        assertThat(stats.delivered() + stats.failed()).as("nothing settled: the worker settles it").isZero();
    }
}
