package io.conntrackd.app;

import static io.conntrackd.testing.ObserveClient.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.LokiServer;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.ObserveClient.Health;
import io.conntrackd.testing.ObserveClient.Sample;
import io.conntrackd.testing.TestNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sinks hang at once, each in its own way: a Loki that takes every push and never answers, a
 * syslog TCP server that accepts connections and never reads, and a journald frozen with SIGSTOP. A
 * burst of 12,000 real kernel events then reaches the stream sink in full and at once, the reader loses
 * nothing (no kernel drops), the hung sinks report themselves not ready, and SIGTERM still ends the
 * daemon within a few seconds.
 */
class SinkIsolationIT {

    /** About 5 MB of syslog messages: more than the kernel buffers of a TCP connection hold (4 MB at most). */
    private static final int FLOWS = 12_000;
    private static final int FIRST_PORT = 20000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> HUNG = List.of("loki", "syslog", "journal");
    private static final List<String> SINKS = List.of("stream", "loki", "syslog", "journal");

    @TempDir
    Path dir;

    /** Accepts connections and keeps them open without ever reading; tiny buffers, so writers stall fast. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SilentServer() throws IOException {
            server = new ServerSocket();
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-syslog");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void hungSinksDelayNeitherTheReaderNorTheOtherSinks() throws Exception {
        try (TestNamespace ns = TestNamespace.create(); LokiServer loki = LokiServer.start();
             JournaldServer journald = JournaldServer.start(); SilentServer syslog = new SilentServer()) {
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable",
                    "--sink.loki.enable", "--sink.loki.address", loki.address(), "--sink.loki.batch-wait", "100",
                    "--sink.syslog.enable", "--sink.syslog.address", "tcp://127.0.0.1:" + syslog.port(),
                    "--sink.journal.enable", "--sink.journal.socket", journald.socket().toString(),
                    "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);
                loki.delay(Duration.ofMinutes(5));
                journald.pause();
                // the flows' DESTROY events come when they time out: not before the test ends
                ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
                try {
                    ns.udpFlood("127.0.0.1", FLOWS, FIRST_PORT);

                    List<JsonNode> lines = daemon.awaitJsonLines(FLOWS + " lines", l -> l.size() >= FLOWS, WAIT);
                    assertThat(lines.stream().map(l -> l.get("src_port").asInt()).collect(Collectors.toSet()))
                            .as("the stream sink wrote every event of the burst")
                            .isEqualTo(IntStream.range(FIRST_PORT, FIRST_PORT + FLOWS).boxed().collect(Collectors.toSet()));
                    // the route hands each batch to the stream sink first, then to the others
                    List<Sample> metrics = Await.until("the burst handed to every sink", observe::samples,
                            m -> SINKS.stream().allMatch(sink -> sum(m, "conntrackd_sink_accepted_total", "sink", sink)
                                    >= FLOWS), WAIT);
                    assertThat(sum(metrics, "conntrackd_events_received_total")).isEqualTo(FLOWS);
                    assertThat(sum(metrics, "conntrackd_kernel_drops_total")).as("the reader kept up").isZero();
                    assertThat(sum(metrics, "conntrackd_sink_accepted_total", "sink", "stream")).isEqualTo(FLOWS);
                    for (String hung : HUNG) {
                        assertThat(sum(metrics, "conntrackd_sink_accepted_total", "sink", hung)).as(hung)
                                .isEqualTo(FLOWS);
                        assertThat(sum(metrics, "conntrackd_sink_delivered_total", "sink", hung)).as(hung)
                                .isLessThan(FLOWS);
                    }

                    // Loki and journald stay hung: not ready. The syslog sink's stalled write times out (10 s)
                    // and fails, then it reconnects and fills the next connection's buffers.
                    Health ready = Await.until("sinks loki and journal DOWN", () -> observe.health("/health/ready"),
                            h -> "DOWN".equals(h.state("sink:loki")) && "DOWN".equals(h.state("sink:journal")), WAIT);
                    assertThat(ready.status()).isEqualTo(503);
                    assertThat(ready.check("sink:loki").get("message").asText()).as(ready.body().toString())
                            .containsAnyOf("writes fail since", "a write has been in progress");
                    assertThat(ready.check("sink:journal").get("message").asText()).as(ready.body().toString())
                            .containsAnyOf("writes fail since", "a write has been in progress");
                    Await.until("a syslog write to time out and fail",
                            () -> observe.value("conntrackd_sink_failed_total", "sink", "syslog"), failed -> failed > 0,
                            WAIT);
                    ready = observe.health("/health/ready");
                    assertThat(ready.state("sink:stream")).isEqualTo("UP");
                    assertThat(ready.state("conntrack:conntrackd")).isEqualTo("UP");
                    assertThat(observe.health("/health/live").status()).isEqualTo(200);

                    // the hung sinks do not hold the shutdown: Loki would answer in five minutes
                    assertThat(daemon.terminate(WAIT)).as("exit code after SIGTERM").isZero();
                    assertThat(daemon.stderr()).contains("Sink stream stopped: " + FLOWS + " events delivered, 0 failed,"
                            + " 0 dropped").contains("Sink loki stopped: ", "Sink syslog stopped: ",
                            "Sink journal stopped: ");
                } finally {
                    journald.resume();
                }
            }
        }
    }
}
