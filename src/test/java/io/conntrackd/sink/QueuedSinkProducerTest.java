package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class QueuedSinkProducerTest {

    /** A sink whose destination refuses every UDP event and takes the rest. */
    private static final class RefusesUdp extends SinkEndpoint {

        RefusesUdp(CamelContext camel) {
            super("refuses-udp:test", null, "refuses-udp", new SinkConfiguration());
            setCamelContext(camel);
        }

        @Override
        protected SinkWriter createWriter() {
            return batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    boolean udp = batch.events().get(i).protocol() == Protocol.UDP;
                    batch.settle(i, udp ? Outcome.FAILED : Outcome.DELIVERED, udp ? "UDP refused" : null);
                }
            };
        }
    }

    @Test
    void aPartlyWrittenBatchCountsEachEventAsWhatHappenedToIt() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            RefusesUdp endpoint = new RefusesUdp(camel);
            Producer producer = endpoint.createProducer();
            producer.start();
            Exchange exchange = endpoint.createExchange();
            exchange.getMessage().setBody(List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()));

            producer.process(exchange);

            SinkStats stats = endpoint.getStats();
            Await.until("3 events delivered or failed", () -> stats, s -> s.delivered() + s.failed() >= 3,
                    Duration.ofSeconds(5));
            endpoint.stop();
            assertThat(stats.delivered()).as(stats.toString()).isEqualTo(2);
            assertThat(stats.failed()).as(stats.toString()).isEqualTo(1);
            assertThat(stats.dropped()).as(stats.toString()).isZero();
            assertThat(stats.failure()).isNull();
        }
    }
}
