package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A writer that fails part of a batch: only that part counts as failed, the rest as delivered. */
class PartialWriteAccountingTest {

    @Test
    void countsOnlyTheFailedPartOfABatchAsFailed() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            SinkEndpoint endpoint = new SinkEndpoint("test:partial", null, "partial") {
                @Override
                protected SinkWriter createWriter() {
                    return events -> { // fails the UDP events, whatever batches the worker makes
                        int udp = (int) events.stream().filter(e -> e.protocol() == Protocol.UDP).count();
                        if (udp > 0) {
                            throw new PartialWriteException(udp, udp + " UDP events refused");
                        }
                    };
                }
            };
            endpoint.setCamelContext(camel);
            Producer producer = endpoint.createProducer();
            producer.start();
            DefaultExchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(List.of(TestEvents.tcp4(), TestEvents.udp6(), TestEvents.tcp4()));
            producer.process(exchange);

            SinkStats stats = endpoint.getStats();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stats.delivered() + stats.failed() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            producer.stop();
            assertThat(stats.accepted()).isEqualTo(3);
            assertThat(stats.delivered()).isEqualTo(2);
            assertThat(stats.failed()).isEqualTo(1);
        }
    }
}
