package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The processor on single events and batches, its counters and its route stop. */
class FilterProcessorTest {

    private static final ConntrackEvent TCP_NEW = TestEvents.tcp4();
    private static final ConntrackEvent UDP_UPDATE = TestEvents.udp6();
    private static final ConntrackEvent TCP_DESTROY = TestEvents.event(EventType.DESTROY, Protocol.TCP,
            "10.0.0.1", 41756, "93.184.216.34", 443);

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void batchKeepsLoggedEventsInOrder() throws Exception {
        FilterProcessor filter = processor("drop protocol == 'UDP'", "log event.type == 'NEW'", "drop any");
        Exchange exchange = exchange(List.of(TCP_NEW, UDP_UPDATE, TCP_DESTROY, TCP_NEW));

        filter.process(exchange);

        assertThat(exchange.getMessage().getBody()).isEqualTo(List.of(TCP_NEW, TCP_NEW));
        assertThat(exchange.isRouteStop()).isFalse();
        assertThat(filter.evaluated()).isEqualTo(4);
        assertThat(filter.logged()).isEqualTo(2);
        assertThat(filter.dropped()).isEqualTo(2);
        List<Rule> rules = filter.rules().rules();
        assertThat(rules).extracting(Rule::matched).containsExactly(1L, 2L, 1L);
        assertThat(rules).extracting(Rule::errors).containsExactly(0L, 0L, 0L);
    }

    @Test
    void batchWithNothingLeftStopsTheExchange() throws Exception {
        FilterProcessor filter = processor("drop any");
        Exchange exchange = exchange(List.of(TCP_NEW, UDP_UPDATE));

        filter.process(exchange);

        assertThat(exchange.isRouteStop()).isTrue();
        assertThat(exchange.getMessage().getBody()).isEqualTo(List.of());
        assertThat(filter.dropped()).isEqualTo(2);
    }

    @Test
    void singleEventIsKeptOrStops() throws Exception {
        FilterProcessor filter = processor("log protocol == 'TCP'", "drop any");
        Exchange kept = exchange(TCP_NEW);
        Exchange dropped = exchange(UDP_UPDATE);

        filter.process(kept);
        filter.process(dropped);

        assertThat(kept.getMessage().getBody()).isSameAs(TCP_NEW);
        assertThat(kept.isRouteStop()).isFalse();
        assertThat(dropped.getMessage().getBody()).isNull();
        assertThat(dropped.isRouteStop()).isTrue();
        assertThat(filter.logged()).isEqualTo(1);
        assertThat(filter.dropped()).isEqualTo(1);
    }

    @Test
    void failingRuleIsCountedAndProcessingGoesOn() throws Exception {
        FilterProcessor filter = processor("drop in_cidr(source.address, event.tcp_state)", "drop event.type == 'UPDATE'");
        Exchange exchange = exchange(List.of(TCP_NEW, UDP_UPDATE, TCP_DESTROY));

        filter.process(exchange);

        assertThat(exchange.getMessage().getBody()).isEqualTo(List.of(TCP_NEW, TCP_DESTROY));
        assertThat(filter.rules().rules().get(0).errors()).isEqualTo(3);
        assertThat(filter.rules().rules().get(1).matched()).isEqualTo(1);
        assertThat(filter.logged()).isEqualTo(2);
    }

    @Test
    void withoutRulesTheBodyIsUntouchedAndNothingIsCounted() throws Exception {
        FilterProcessor filter = new FilterProcessor(FilterRules.compile(List.of()));
        List<ConntrackEvent> batch = List.of(TCP_NEW, UDP_UPDATE);
        Exchange exchange = exchange(batch);

        filter.process(exchange);

        assertThat(exchange.getMessage().getBody()).isSameAs(batch);
        assertThat(exchange.isRouteStop()).isFalse();
        assertThat(filter.evaluated()).isZero();
    }

    @Test
    void batchWhereEverythingIsLoggedKeepsTheSameList() throws Exception {
        FilterProcessor filter = processor("drop destination.port == 22");
        List<ConntrackEvent> batch = List.of(TCP_NEW, UDP_UPDATE);
        Exchange exchange = exchange(batch);

        filter.process(exchange);

        assertThat(exchange.getMessage().getBody()).isSameAs(batch);
        assertThat(filter.logged()).isEqualTo(2);
    }

    private static FilterProcessor processor(String... rules) throws FilterRuleException {
        return new FilterProcessor(FilterRules.compile(List.of(rules)));
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
