package io.conntrackd.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.KafkaBroker;
import io.conntrackd.testing.KafkaTopicReader;
import io.conntrackd.testing.ObserveClient;
import io.conntrackd.testing.ObserveClient.Sample;
import io.conntrackd.testing.TestNamespace;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is stopped for 30 seconds while real kernel events keep coming, in bursts, and started again.
 * The stream sink writes every event throughout and the daemon never stops. The Kafka sink holds what fits
 * its queue and the producer's buffer (kept small here) and delivers it once the broker is back; every other
 * event is counted as dropped or failed: what Kafka lacks in the end is exactly what the sink counted, and
 * nothing is stored twice.
 */
class KafkaOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int BURST = 1000;
    private static final int BURSTS = 5;

    @TempDir
    Path dir;

    @Test
    void whatFitsIsDeliveredAfterTheOutageAndTheRestIsCounted() throws Exception {
        try (TestNamespace ns = TestNamespace.create();
             KafkaBroker broker = KafkaBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            // one NEW event per flow: the flows' DESTROY events come when they time out, after the test
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
            try (DaemonProcess daemon = DaemonProcess.start(ns, dir, "--sink.stream.enable", "--sink.kafka.enable",
                    "--sink.kafka.brokers", broker.bootstrapServers(), "--sink.kafka.queue-size", "1500",
                    "--sink.kafka.batch-bytes", "16384", "--sink.kafka.buffer-bytes", "32768",
                    "--sink.kafka.max-block", "20", "--metrics.enable", "--metrics.address", "127.0.0.1:0")) {
                ObserveClient observe = ObserveClient.of(daemon);
                int port = 20000;
                ns.udpFlood("127.0.0.1", BURST, port);
                port += BURST;
                Await.until("the first burst settled by Kafka", observe::samples, m -> settled(m) == BURST, WAIT);

                broker.stop();
                long outageStart = System.nanoTime();
                for (int i = 0; i < BURSTS; i++) {
                    ns.udpFlood("127.0.0.1", BURST, port);
                    port += BURST;
                    int written = port - 20000;
                    assertThat(daemon.awaitJsonLines(written + " lines: the stream sink is not held up by Kafka",
                            l -> l.size() >= written, WAIT)).hasSize(written);
                    Thread.sleep(OUTAGE.toMillis() / (BURSTS + 1));
                }
                List<Sample> during = observe.samples();
                assertThat(kafka(during, "conntrackd_sink_dropped_total")).as("events beyond queue and buffer are"
                        + " dropped and counted").isPositive();
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageStart) / 1_000_000));
                assertThat(daemon.process().isAlive()).as("the daemon runs on during the outage").isTrue();

                broker.start();
                int bursts = port - 20000;
                // the queue may still be full when the broker is back: the sentinel goes once it has room
                Await.until("every burst settled by Kafka", observe::samples, m -> settled(m) == bursts, WAIT);
                int sentinel = port;
                ns.udpFlood("127.0.0.1", 1, sentinel);
                int total = sentinel - 20000 + 1;
                List<JsonNode> lines = daemon.awaitJsonLines("the sentinel on stdout", l -> l.size() >= total, WAIT);
                assertThat(lines).hasSize(total);
                try (KafkaTopicReader reader = KafkaTopicReader.open(broker, "conntrack")) {
                    // one partition, sent in order: once the sentinel is in, every earlier record that will be is
                    List<ConsumerRecord<String, String>> records = awaitSentinel(reader, sentinel, observe);
                    List<Sample> after = Await.until("every event settled", observe::samples,
                            m -> kafka(m, "conntrackd_sink_accepted_total") == total && settled(m) == total, WAIT);
                    Set<String> stored = new HashSet<>();
                    records.forEach(r -> stored.add(r.value()));
                    assertThat(stored).as("nothing stored twice").hasSize(records.size());
                    assertThat(new HashSet<>(daemon.stdout().lines().toList())).containsAll(stored);
                    double delivered = kafka(after, "conntrackd_sink_delivered_total");
                    double lost = kafka(after, "conntrackd_sink_dropped_total") + kafka(after,
                            "conntrackd_sink_failed_total");
                    assertThat((double) records.size()).as("Kafka holds what the sink counted as delivered")
                            .isEqualTo(delivered);
                    assertThat(lost).as("what Kafka lacks is what the sink counted as lost")
                            .isEqualTo(total - records.size()).isPositive();
                    assertThat(delivered).as("more than the first burst came through the outage").isGreaterThan(BURST);
                    assertThat(ObserveClient.sum(after, "conntrackd_sink_delivered_total", "sink", "stream"))
                            .isEqualTo(total);
                }
                assertThat(daemon.stderr()).contains("dropped by sink kafka because its queue");
                assertThat(daemon.terminate(WAIT)).isZero();
            }
        }
    }

    /** The records once the sentinel is among them; a failure says what the Kafka sink counted. */
    private static List<ConsumerRecord<String, String>> awaitSentinel(KafkaTopicReader reader, int sentinel,
            ObserveClient observe) throws IOException {
        try {
            return reader.await("the sentinel",
                    r -> r.stream().anyMatch(rec -> rec.value().contains("\"src_port\":" + sentinel + ",")), WAIT);
        } catch (AssertionError e) {
            List<Sample> now = observe.samples();
            throw new AssertionError("Kafka sink: delivered " + kafka(now, "conntrackd_sink_delivered_total")
                    + ", failed " + kafka(now, "conntrackd_sink_failed_total") + ", dropped "
                    + kafka(now, "conntrackd_sink_dropped_total") + "; " + e.getMessage(), e);
        }
    }

    /** Events the Kafka sink delivered, failed or dropped. */
    private static double settled(List<Sample> m) {
        return kafka(m, "conntrackd_sink_delivered_total") + kafka(m, "conntrackd_sink_failed_total")
                + kafka(m, "conntrackd_sink_dropped_total");
    }

    private static double kafka(List<Sample> samples, String name) {
        return ObserveClient.sum(samples, name, "sink", "kafka");
    }
}
