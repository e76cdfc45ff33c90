package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestNamespace;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The consumer's loss counters, with real kernel events in a test namespace: every received event is
 * routed, or counted as failed in the route, or as unrouted when the consumer stops before routing it.
 */
class ConntrackConsumerLossIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** One NEW event per UDP flow, nothing else: the flows get no answer and are never flushed. */
    private static final String NEW_UDP = "conntrack:events?eventTypes=NEW&protocols=UDP&pollTimeout=50&netns=";

    private static CamelContext start(String uri, Processor processor) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("events").process(processor);
            }
        });
        context.start();
        return context;
    }

    private static ConntrackConsumer consumer(CamelContext context) {
        return (ConntrackConsumer) context.getRoute("events").getConsumer();
    }

    @Test
    void eventsOfExchangesTheRouteFailsOnAreCountedAsFailed() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            CamelContext context = start(NEW_UDP + ns.path(), exchange -> {
                throw new IllegalStateException("refused by the test");
            });
            try {
                int flows = ns.udpFlows("127.0.0.1", 5, false).size();
                ConntrackConsumer consumer = consumer(context);

                ConntrackConsumerStats stats = Await.until("the failed events", consumer::stats,
                        s -> s.failed() >= flows, WAIT);

                assertThat(stats.failed()).isEqualTo(5);
                assertThat(stats.reader().eventsDelivered()).isEqualTo(5);
                context.stop();
                assertThat(consumer.stats().failed()).isEqualTo(5);
                assertThat(consumer.stats().unrouted()).isZero();
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void eventsStillWaitingWhenTheConsumerStopsAreCountedAsUnrouted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (TestNamespace ns = TestNamespace.create()) {
            CamelContext context = start(NEW_UDP + ns.path(), exchange -> {
                try {
                    never.await(1, TimeUnit.MINUTES); // holds the route until the stopping consumer interrupts it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            });
            try {
                int flows = ns.udpFlows("127.0.0.1", 5, false).size();
                ConntrackConsumer consumer = consumer(context);
                // one event is in the route, the others wait behind it
                Await.until("events waiting behind the held one", consumer::stats,
                        s -> s.queued() == flows - 1, WAIT);

                context.stop();

                ConntrackConsumerStats stats = Await.until("the interrupted event", consumer::stats,
                        s -> s.failed() >= 1, WAIT);
                assertThat(stats.reader().eventsDelivered()).isEqualTo(5);
                assertThat(stats.unrouted()).as("left waiting at stop").isEqualTo(4);
                assertThat(stats.failed()).as("interrupted in the route at stop").isEqualTo(1);
                assertThat(stats.queued()).isZero();
            } finally {
                context.stop();
            }
        }
    }
}
