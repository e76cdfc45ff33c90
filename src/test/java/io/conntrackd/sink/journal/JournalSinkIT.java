package io.conntrackd.sink.journal;

import static io.conntrackd.testing.JournaldServer.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Location;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.JournaldServer;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal sink against a real systemd-journald that the test starts in its own mount namespace
 * (see {@link JournaldServer}); entries are read back with {@code journalctl -o json}. Needs root and
 * systemd; skipped otherwise, failed when CI=true.
 */
class JournalSinkIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private JournaldServer journald;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void startJournald() throws Exception {
        journald = JournaldServer.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (journald != null) {
            journald.close();
        }
    }

    /** Starts Camel with {@code direct:events} to the journal sink (and to {@code mock:other}). */
    private JournalSinkEndpoint startRoute(String options, boolean withOtherSink) throws Exception {
        String uri = "conntrack-journal:" + journald.socket() + options;
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (withOtherSink) {
                    from("direct:events").recipientList(constant(uri + ",mock:other"));
                } else {
                    from("direct:events").to(uri);
                }
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        return camel.getEndpoint(uri, JournalSinkEndpoint.class);
    }

    private List<JsonNode> ourEntries(int expected) throws Exception {
        return journald.awaitEntries(expected, WAIT, "SYSLOG_IDENTIFIER=conntrackd");
    }

    /** The entry's fields that the sender set (journald adds _TRANSPORT, __CURSOR, ... itself). */
    private static Map<String, String> sentFields(JsonNode entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("_")) {
                fields.put(name, entry.get(name).asText());
            }
        }
        return fields;
    }

    private static void awaitSettled(SinkStats stats, long accepted) throws IOException {
        Await.until(accepted + " events settled", () -> stats,
                s -> s.delivered() + s.failed() + s.dropped() >= accepted, WAIT);
        assertThat(stats.accepted()).as(stats.toString()).isEqualTo(accepted);
        assertThat(stats.delivered() + stats.failed() + stats.dropped()).as(stats.toString()).isEqualTo(accepted);
    }

    @Test
    void journaldStoresEveryFieldOfEachEventIncludingGeoip() throws Exception {
        startRoute("", false);
        Location src = new Location("Garmisch-Partenkirchen", "Germany", "DE", 47.4906, 11.1026, 3320,
                "Deutsche Telekom AG");
        Location dst = new Location("Zürich", "Switzerland", "CH", 47.3667, 8.55, 559, "SWITCH");
        template.sendBody("direct:events", List.of(TestEvents.tcp4().withLocations(src, dst), TestEvents.udp6()));

        List<JsonNode> entries = ourEntries(2);

        assertThat(entries).hasSize(2);
        assertThat(sentFields(entries.get(0))).containsExactlyInAnyOrderEntriesOf(expected(
                "NEW TCP connection from 10.0.0.1:41756 to 93.184.216.34:443",
                Map.of("EVENT_TYPE", "NEW", "EVENT_FLOW", "4000057915", "EVENT_PROT", "TCP",
                        "EVENT_SRC_ADDR", "10.0.0.1", "EVENT_DST_ADDR", "93.184.216.34",
                        "EVENT_SRC_PORT", "41756", "EVENT_DST_PORT", "443", "EVENT_TCP_STATE", "SYN_SENT"),
                Map.of("EVENT_SRC_CITY", "Garmisch-Partenkirchen", "EVENT_SRC_COUNTRY", "Germany",
                        "EVENT_SRC_LAT", "47.4906", "EVENT_SRC_LON", "11.1026", "EVENT_SRC_COUNTRY_CODE", "DE",
                        "EVENT_SRC_ASN", "3320", "EVENT_SRC_AS_ORG", "Deutsche Telekom AG"),
                Map.of("EVENT_DST_CITY", "Zürich", "EVENT_DST_COUNTRY", "Switzerland",
                        "EVENT_DST_LAT", "47.3667", "EVENT_DST_LON", "8.55", "EVENT_DST_COUNTRY_CODE", "CH",
                        "EVENT_DST_ASN", "559", "EVENT_DST_AS_ORG", "SWITCH")));
        assertThat(field(entries.get(0), "_TRANSPORT")).isEqualTo("journal");
        assertThat(sentFields(entries.get(1))).containsExactlyInAnyOrderEntriesOf(expected(
                "UPDATE UDP connection from [2003:cf:1716:7b64:da80:83ff:fecd:da51]:5353 to [2a01:4f8::2]:53",
                Map.of("EVENT_TYPE", "UPDATE", "EVENT_FLOW", "4000057915", "EVENT_PROT", "UDP",
                        "EVENT_SRC_ADDR", "2003:cf:1716:7b64:da80:83ff:fecd:da51", "EVENT_DST_ADDR", "2a01:4f8::2",
                        "EVENT_SRC_PORT", "5353", "EVENT_DST_PORT", "53")));
    }

    /** MESSAGE, PRIORITY=6, SYSLOG_IDENTIFIER=conntrackd and the given EVENT_* fields. */
    @SafeVarargs
    private static Map<String, String> expected(String message, Map<String, String>... eventFields) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("MESSAGE", message, "PRIORITY", "6",
                "SYSLOG_IDENTIFIER", "conntrackd"));
        for (Map<String, String> m : eventFields) {
            all.putAll(m);
        }
        return all;
    }

    @Test
    void valuesWithNewlinesArriveIntact() throws Exception {
        startRoute("", false);
        Location odd = new Location("First line\nsecond line", "Tab\there", null, Double.NaN, Double.NaN, 0,
                null);
        template.sendBody("direct:events", TestEvents.udp6().withLocations(odd, null));

        JsonNode entry = ourEntries(1).get(0);

        assertThat(field(entry, "EVENT_SRC_CITY")).isEqualTo("First line\nsecond line");
        assertThat(field(entry, "EVENT_SRC_COUNTRY")).isEqualTo("Tab\there");
        assertThat(field(entry, "EVENT_DST_PORT")).isEqualTo("53");
    }

    @Test
    void anEntryTooLargeForADatagramGoesThroughASealedMemfd() throws Exception {
        JournalSinkEndpoint endpoint = startRoute("", false);
        // larger than any send buffer the kernel grants (at most twice net.core.wmem_max); readAllLines,
        // because Files.readString trusts the size procfs reports and returns only the first byte here
        long wmemMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/wmem_max")).get(0).trim());
        String hugeOrg = "A".repeat((int) (2 * wmemMax + 64 * 1024));
        template.sendBody("direct:events", TestEvents.tcp4().withLocations(
                new Location(null, null, null, Double.NaN, Double.NaN, 64512, hugeOrg), null));
        template.sendBody("direct:events", TestEvents.udp6());

        List<JsonNode> entries = ourEntries(2);

        awaitSettled(endpoint.getStats(), 2);
        assertThat(endpoint.getStats().delivered()).isEqualTo(2);
        assertThat(entries).hasSize(2);
        assertThat(field(entries.get(0), "EVENT_SRC_AS_ORG")).isEqualTo(hugeOrg);
        assertThat(field(entries.get(0), "EVENT_SRC_ASN")).isEqualTo("64512");
        assertThat(field(entries.get(0), "MESSAGE")).startsWith("NEW TCP connection");
        assertThat(field(entries.get(1), "EVENT_PROT")).isEqualTo("UDP");
    }

    @Test
    void deliveryResumesWhenJournaldIsBackAndEveryFailedSendIsCounted() throws Exception {
        JournalSinkEndpoint endpoint = startRoute("", false);
        SinkStats stats = endpoint.getStats();

        sendNumbered(0, 5);
        assertThat(ourEntries(5)).hasSize(5);
        awaitSettled(stats, 5);

        journald.stop(); // socket file left behind: ECONNREFUSED
        sendNumbered(5, 5);
        awaitSettled(stats, 10);
        journald.removeSockets(); // no socket file at all: ENOENT
        sendNumbered(10, 5);
        awaitSettled(stats, 15);
        assertThat(stats.failed()).isEqualTo(10);

        journald.restart();
        sendNumbered(15, 5);
        awaitSettled(stats, 20);

        List<JsonNode> entries = ourEntries(10);
        assertThat(stats.delivered()).isEqualTo(10);
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(stats.dropped()).isZero();
        assertThat(entries).extracting(e -> field(e, "EVENT_SRC_PORT"))
                .containsExactly("1000", "1001", "1002", "1003", "1004", "1015", "1016", "1017", "1018", "1019");
    }

    @Test
    void aJournaldThatStopsReadingHoldsUpNeitherTheRouteNorOtherSinks() throws Exception {
        JournalSinkEndpoint endpoint = startRoute("?sendTimeout=50&queueSize=20", true);
        MockEndpoint other = camel.getEndpoint("mock:other", MockEndpoint.class);
        other.expectedMessageCount(200);
        journald.pause();
        try {
            sendNumbered(0, 200);
            other.assertIsSatisfied(WAIT.toMillis());
            // the other sink may have all 200 before the first send timed out: resuming then would be too early
            Await.until("a send to the stopped journald timed out", endpoint::getStats, s -> s.failed() > 0, WAIT);
        } finally {
            journald.resume();
        }
        SinkStats stats = endpoint.getStats();
        awaitSettled(stats, 200);
        assertThat(stats.dropped()).as(stats.toString()).isPositive();
        // every event counted as delivered is in the journal, and no other
        journald.sync();
        assertThat(journald.entries("SYSLOG_IDENTIFIER=conntrackd")).hasSize((int) stats.delivered());
    }

    /** Sends {@code count} events, one exchange each, with source ports 1000+first, 1000+first+1, ... */
    private void sendNumbered(int first, int count) {
        for (int i = first; i < first + count; i++) {
            template.sendBody("direct:events", numbered(i));
        }
    }

    private static ConntrackEvent numbered(int i) {
        return TestEvents.event(EventType.NEW, Protocol.UDP, "127.0.0.1", 1000 + i, "127.0.0.2", 53);
    }
}
