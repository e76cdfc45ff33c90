package io.conntrackd.sink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.conntrackd.sink.SinkStats;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component's URI and options, and a journald that is not there (no root or journald needed). */
class JournalSinkComponentTest extends CamelTestSupport {

    @TempDir
    static Path dir;

    private String missingSocket() {
        return dir.resolve("absent/socket").toString();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:events").to("conntrack-journal:" + missingSocket());
            }
        };
    }

    @Test
    void anEmptyPathMeansJournaldsSocketAndTheOriginalsIdentifier() {
        JournalSinkEndpoint e = context.getEndpoint("conntrack-journal:?queueSize=7", JournalSinkEndpoint.class);
        assertThat(e.getConfiguration().getSocketPath()).isEqualTo("/run/systemd/journal/socket");
        assertThat(e.getQueueSize()).isEqualTo(7);
        assertThat(e.getConfiguration().getSyslogIdentifier()).isEqualTo("conntrackd");
        assertThat(e.getConfiguration().getSendTimeout()).isEqualTo(1000);
    }

    @Test
    void takesTheSocketPathFromTheUriAndOptionsFromParameters() {
        JournalSinkEndpoint e = context.getEndpoint(
                "conntrack-journal:/run/host/journal/socket?syslogIdentifier=edge-fw&sendTimeout=250&queueSize=10",
                JournalSinkEndpoint.class);
        assertThat(e.getConfiguration().getSocketPath()).isEqualTo("/run/host/journal/socket");
        assertThat(e.getConfiguration().getSyslogIdentifier()).isEqualTo("edge-fw");
        assertThat(e.getConfiguration().getSendTimeout()).isEqualTo(250);
        assertThat(e.getQueueSize()).isEqualTo(10);
    }

    @Test
    void countsEveryEventAsFailedWhileJournaldIsAbsentAndKeepsRunning() throws Exception {
        SinkStats stats = context.getEndpoint("conntrack-journal:" + missingSocket(), JournalSinkEndpoint.class)
                .getStats();

        template.sendBody("direct:events", List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()));
        template.sendBody("direct:events", TestEvents.udp6());

        Await.until("4 events failed", () -> stats, s -> s.failed() >= 4, Duration.ofSeconds(5));
        assertThat(stats.accepted()).isEqualTo(4);
        assertThat(stats.failed()).isEqualTo(4);
        assertThat(stats.delivered()).isZero();
        assertThat(context.getRouteController().getRouteStatus(context.getRoutes().get(0).getId()).isStarted())
                .isTrue();
    }
}
