package io.conntrackd.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.geoip.GeoIpEnricher;
import io.conntrackd.geoip.GeoIpLocator;
import io.conntrackd.geoip.TestDatabases;
import io.conntrackd.sink.EventBatch;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.sink.stream.JsonLinesWriter;
import io.conntrackd.support.EventBodies;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.TestNamespace;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real kernel events of a test namespace, located by the GeoIP enricher, go {@code conntrack:} →
 * {@code convertBodyTo: String} → a {@code file:} endpoint that appends; the file's lines are what the
 * stream sink writes for the same events, and each reads back into an event that writes the same line.
 */
class JsonFileIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "batchSize={0}")
    @ValueSource(ints = {1, 64})
    void kernelEventsReachAFileAsTheStreamSinksLines(int batchSize) throws Exception {
        List<ConntrackEvent> routed = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("events.jsonl");
        try (TestNamespace ns = TestNamespace.create()) {
            ns.enableConntrackAccounting();
            ns.enableConntrackTimestamps();
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() throws Exception {
                    from("conntrack:events?batchSize=" + batchSize + "&netns=" + ns.path())
                            .process(new GeoIpEnricher(GeoIpLocator.open(TestDatabases.city(), TestDatabases.asn(),
                                    64), Duration.ZERO))
                            .process(e -> EventBodies.forEach(e.getMessage(), routed::add))
                            .convertBodyTo(String.class)
                            .to("file:" + dir + "?fileName=events.jsonl&fileExist=Append&appendChars=\\n");
                }
            });
            context.start();
            try {
                int flows = ns.mixedFlows().size();
                ns.flushConntrack();
                int kernel = monitor.awaitDestroyed(flows, WAIT).size();
                Await.until("the route to take the " + kernel + " events the kernel emitted", routed::size, n -> n >= kernel, WAIT);
                Await.until("a line in the file for each routed event", () -> lines(file).size(), n -> n >= routed.size(), WAIT);
            } finally {
                context.stop();
                monitor.stop();
            }
        }
        List<String> lines = lines(file);
        assertThat(lines).hasSameSizeAs(routed).isEqualTo(streamSinkLines(routed));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"src_city\":\"Berlin\"", "\"src_lat\":52.5244"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"orig_packets\":", "\"flow_stop\":"));
        for (String line : lines) {
            assertThat(EventJsonConverters.toString(EventJsonReader.read(line))).isEqualTo(line);
        }
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static List<String> streamSinkLines(List<ConntrackEvent> events) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesWriter writer = new JsonLinesWriter(out);
        writer.write(new EventBatch(events, new SinkStats("stream")));
        writer.close();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
