package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.Await;
import io.conntrackd.testing.ConntrackMonitor;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;
import io.conntrackd.testing.EventKeys;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The {@code conntrack:} consumer in a Camel route, fed by the real kernel in a test namespace. */
class ConntrackComponentIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<Exchange> received = new CopyOnWriteArrayList<>();

    private CamelContext start(String uri) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("events").process(received::add);
            }
        });
        context.start();
        return context;
    }

    private List<ConntrackEvent> events() {
        List<ConntrackEvent> events = new ArrayList<>();
        for (Exchange e : received) {
            Object body = e.getMessage().getBody();
            if (body instanceof List<?> list) {
                list.forEach(item -> events.add((ConntrackEvent) item));
            } else {
                events.add((ConntrackEvent) body);
            }
        }
        return events;
    }

    private List<ConntrackEvent> awaitEvents(int count) throws IOException {
        return Await.until(count + " events", this::events, events -> events.size() >= count, WAIT);
    }

    @Test
    void deliversEveryKernelEventOneExchangeEach() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            ConntrackMonitor monitor = ns.startConntrackMonitor();
            CamelContext context = start("conntrack:events?netns=" + ns.path());
            try {
                List<Flow> flows = ns.mixedFlows();
                ns.flushConntrack();
                List<KernelEvent> kernel = monitor.awaitDestroyed(flows.size(), WAIT);
                List<ConntrackEvent> events = awaitEvents(kernel.size());

                assertThat(EventKeys.byFlow(events, ConntrackEvent::flowId, EventKeys::of))
                        .isEqualTo(EventKeys.kernelByFlow(kernel));
                assertThat(received).allSatisfy(e -> {
                    ConntrackEvent event = e.getMessage().getBody(ConntrackEvent.class);
                    assertThat(e.getMessage().getHeaders()).containsAllEntriesOf(Map.of(
                            ConntrackConstants.EVENT_TYPE, event.type().name(),
                            ConntrackConstants.PROTOCOL, event.protocol().name(),
                            ConntrackConstants.FLOW_ID, event.flowId(),
                            ConntrackConstants.EVENT_COUNT, 1));
                });
            } finally {
                context.stop();
                monitor.stop();
            }
        }
    }

    @Test
    void batchesAreImmutableListsAndLoseNothing() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            // the flows' DESTROY events come when they time out: none among the counted events
            ns.sysctl("net.netfilter.nf_conntrack_udp_timeout", "600");
            CamelContext context = start("conntrack:events?batchSize=64&netns=" + ns.path());
            try {
                int flows = ns.udpFlows("127.0.0.1", 100, false).size();
                List<ConntrackEvent> events = awaitEvents(flows);
                assertThat(events).hasSize(flows).allSatisfy(e -> assertThat(e.type()).isEqualTo(EventType.NEW));
                assertThat(received).allSatisfy(e -> {
                    List<?> body = e.getMessage().getBody(List.class);
                    assertThat(body).hasSizeBetween(1, 64);
                    assertThat(e.getMessage().getHeader(ConntrackConstants.EVENT_COUNT)).isEqualTo(body.size());
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> body.remove(0))
                            .isInstanceOf(UnsupportedOperationException.class);
                });
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void passesOnlyTheChosenTypesAndProtocols() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            CamelContext context = start("conntrack:events?eventTypes=NEW&protocols=udp&netns=" + ns.path());
            try {
                ns.tcpFlows("127.0.0.1", 2);
                List<Flow> udp = ns.udpFlows("127.0.0.1", 3, true);
                ns.flushConntrack();
                // events are handled in kernel order: once the sentinel's NEW is in, every earlier event is done
                Flow sentinel = ns.udpFlows("127.0.0.1", 1, false).get(0);
                List<ConntrackEvent> events = Await.until("the sentinel's NEW event", this::events, e -> e.stream()
                        .anyMatch(event -> event.original().sourcePort() == sentinel.sourcePort()), WAIT);
                assertThat(events).hasSize(udp.size() + 1).allSatisfy(e -> {
                    assertThat(e.type()).isEqualTo(EventType.NEW);
                    assertThat(e.protocol()).isEqualTo(Protocol.UDP);
                });
            } finally {
                context.stop();
            }
        }
    }
}
