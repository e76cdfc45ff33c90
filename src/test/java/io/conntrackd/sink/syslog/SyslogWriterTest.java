package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.PartialWriteException;
import io.conntrackd.sink.syslog.connection.NotConnectedException;
import io.conntrackd.sink.syslog.connection.SyslogConnection;
import io.conntrackd.sink.syslog.format.SyslogFormatter;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** The writer's retry and accounting rules, with a scripted transport in place of a server. */
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

    private final ScriptedTransport transport = new ScriptedTransport();

    private static List<ConntrackEvent> events(int... ports) {
        List<ConntrackEvent> list = new ArrayList<>();
        for (int p : ports) {
            list.add(TestEvents.event(EventType.NEW, Protocol.UDP, "10.0.0.1", p, "10.0.0.2", 53));
        }
        return list;
    }

    @Test
    void waitsForAnUnreachableServerAndSendsOnlyWhatDidNotGetThrough() throws Exception {
        transport.outcomes.add(new NotConnectedException("refused", null));
        transport.outcomes.add(new NotConnectedException("daemon restarted", null, 2));
        SyslogWriter writer = new SyslogWriter(PORTS, transport, 0, 1, 2, "test");

        writer.write(events(1, 2, 3, 4));

        assertThat(transport.calls).isEqualTo(3);
        assertThat(transport.sent).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aFailedSendFailsTheBatchWithoutRetrying() {
        transport.outcomes.add(new IOException("broken pipe"));
        SyslogWriter writer = new SyslogWriter(PORTS, transport, 0, 1, 2, "test");

        assertThatThrownBy(() -> writer.write(events(1, 2))).hasMessage("broken pipe");
        assertThat(transport.calls).isEqualTo(1);
    }

    @Test
    void messagesLongerThanADatagramAreLeftOutAndCountedAsFailed() {
        SyslogWriter writer = new SyslogWriter(PORTS, transport, 4, 1, 2, "test");

        assertThatThrownBy(() -> writer.write(events(1234, 12345, 4321)))
                .isInstanceOfSatisfying(PartialWriteException.class, e -> assertThat(e.failed()).isEqualTo(1))
                .hasMessage("1 messages were longer than the datagram limit of 4 bytes (maxDatagramSize)");
        assertThat(transport.sent).containsExactly("1234", "4321");
    }

    @Test
    void anInterruptWhileWaitingGivesUpAndKeepsTheInterruptForTheWorkerLoop() {
        for (int i = 0; i < 100; i++) {
            transport.outcomes.add(new NotConnectedException("refused", null));
        }
        SyslogWriter writer = new SyslogWriter(PORTS, transport, 0, 10_000, 10_000, "test");
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> writer.write(events(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(transport.sent).isEmpty();
    }
}
