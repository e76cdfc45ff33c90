package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.json.EventJsonReader;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The conntrack-source Kamelet as a Camel user would use it, fed by the real kernel in a test namespace:
 * each event arrives as its JSON line.
 */
class ConntrackSourceKameletIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void deliversTheSelectedEventsOfTheNamespace() throws Exception {
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (TestNamespace ns = TestNamespace.create()) {
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // read once into a String: the JSON body may be a stream, which a second read finds empty
                    from("kamelet:conntrack-source?eventTypes=NEW&protocols=TCP&netns=" + ns.path())
                            .convertBodyTo(String.class)
                            .process(received::add);
                }
            });
            context.start();
            try {
                List<Flow> tcp = new ArrayList<>(ns.tcpFlows("127.0.0.1", 2));
                ns.udpFlows("127.0.0.1", 1, true);
                // events are handled in kernel order: once the sentinel's NEW is in, every earlier event is done
                Flow sentinel = ns.tcpFlows("127.0.0.1", 1).get(0);
                tcp.add(sentinel);
                Await.until("the sentinel's NEW event", () -> List.copyOf(received), r -> r.stream().anyMatch(e ->
                        e.getMessage().getBody(ConntrackEvent.class).original().sourcePort() == sentinel.sourcePort()),
                        WAIT);
                assertThat(received).hasSize(tcp.size());
                for (int i = 0; i < tcp.size(); i++) {
                    String json = received.get(i).getMessage().getBody(String.class);
                    assertThat(json).startsWith("{\"time\":\"").contains("\"type\":\"NEW\",");
                    assertThat(received.get(i).getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
                    ConntrackEvent event = EventJsonReader.read(json);
                    assertThat(event.type()).isEqualTo(EventType.NEW);
                    assertThat(event.protocol()).isEqualTo(Protocol.TCP);
                    assertThat(event.original().sourcePort()).isEqualTo(tcp.get(i).sourcePort());
                    assertThat(received.get(i).getMessage().getHeader(ConntrackConstants.EVENT_TYPE)).isEqualTo("NEW");
                }
            } finally {
                context.stop();
            }
        }
    }
}
