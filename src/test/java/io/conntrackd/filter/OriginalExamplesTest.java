package io.conntrackd.filter;

import static io.conntrackd.conntrack.EventType.DESTROY;
import static io.conntrackd.conntrack.EventType.NEW;
import static io.conntrackd.conntrack.EventType.UPDATE;
import static io.conntrackd.conntrack.Protocol.TCP;
import static io.conntrackd.conntrack.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/**
 * Every example of the original tool's filter document, each "Evaluation" bullet on events that
 * exercise it: which rule decides (by position, 0 = none) and whether the event is logged.
 */
class OriginalExamplesTest {

    private static final int NO_RULE = 0;

    @Test
    void commandLineUsage() throws Exception {
        FilterRules r = rules("drop destination.address == \"8.8.8.8\"",
                "log protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")",
                "drop any");
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "8.8.8.8", 443), 1, false);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "1.1.1.1", 443), 2, true);
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "1.1.1.1", 53), 3, false);
    }

    @Test
    void allowByDefault_logOnlyNewTcp() throws Exception {
        FilterRules withDropAny = rules("log event.type == \"NEW\" && protocol == \"TCP\"", "drop any");
        FilterRules withoutDropAny = rules("log event.type == \"NEW\" && protocol == \"TCP\"");
        ConntrackEvent update = event(UPDATE, UDP, "10.0.0.1", "1.1.1.1", 53);

        assertDecision(withDropAny, event(NEW, TCP, "10.0.0.1", "1.1.1.1", 443), 1, true);
        assertDecision(withDropAny, update, 2, false);
        // "Without the drop any, all non-matching events would still be logged."
        assertDecision(withoutDropAny, update, NO_RULE, true);
    }

    @Test
    void example1_dontLogSpecificDestination() throws Exception {
        FilterRules r = rules("drop destination.address == \"8.8.8.8\"",
                "log protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")");
        // Traffic to 8.8.8.8: matches first rule -> not logged
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "8.8.8.8", 443), 1, false);
        assertDecision(r, event(DESTROY, UDP, "10.0.0.1", "8.8.8.8", 53), 1, false);
        // TCP to public IP (not 8.8.8.8): matches second rule -> logged
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "8.8.4.4", 443), 2, true);
        assertDecision(r, event(NEW, TCP, "fd00::1", "2a01:4f8::2", 443), 2, true);
        // UDP to private network: no match -> logged (default)
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "192.168.1.1", 53), NO_RULE, true);
    }

    @Test
    void example2_dontLogDnsToSpecificServer() throws Exception {
        FilterRules r = rules("drop destination.address == \"10.19.80.100\" && destination.port == 53",
                "log protocol == \"TCP\" || protocol == \"UDP\"");
        // DNS to 10.19.80.100: matches first rule -> not logged
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "10.19.80.100", 53), 1, false);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "10.19.80.100", 53), 1, false);
        // TCP/UDP to other destinations: matches second rule -> logged
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "10.19.80.101", 53), 2, true);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "10.19.80.100", 80), 2, true);
        // Other protocols: no match -> logged. Like the original, the decoder passes only TCP and UDP
        // on, so no other protocol ever reaches the rules: every event that does matches rule 2.
        assertThat(Protocol.values()).containsExactly(TCP, UDP);
    }

    @Test
    void example3_logOnlySpecificTraffic() throws Exception {
        FilterRules r = rules("log event.type == \"NEW\" && protocol == \"TCP\"", "drop any");
        // NEW TCP: matches first rule -> logged
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "1.1.1.1", 443), 1, true);
        // NEW UDP: matches second rule -> not logged
        assertDecision(r, event(NEW, UDP, "10.0.0.1", "1.1.1.1", 53), 2, false);
        // UPDATE/DESTROY: matches second rule -> not logged
        for (EventType type : List.of(UPDATE, DESTROY)) {
            assertDecision(r, event(type, TCP, "10.0.0.1", "1.1.1.1", 443), 2, false);
            assertDecision(r, event(type, UDP, "10.0.0.1", "1.1.1.1", 53), 2, false);
        }
    }

    @Test
    void example4_complexFiltering() throws Exception {
        FilterRules r = rules("drop is_network(destination.address, \"PRIVATE\") && (destination.port == 22"
                        + " || destination.port == 23 || destination.port == 3389)",
                "log is_network(source.address, \"PRIVATE\")");
        // Private network destination on port 22 (23, 3389): matches first rule -> not logged
        for (int port : new int[] {22, 23, 3389}) {
            assertDecision(r, event(NEW, TCP, "10.0.0.1", "192.168.1.10", port), 1, false);
        }
        assertDecision(r, event(NEW, TCP, "2003::1", "fd12:3456::10", 22), 1, false);
        // Private network source: matches second rule -> logged
        assertDecision(r, event(NEW, TCP, "172.16.5.5", "1.1.1.1", 22), 2, true);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "192.168.1.10", 80), 2, true);
        // Other traffic: no match -> logged (default)
        assertDecision(r, event(NEW, TCP, "1.1.1.1", "8.8.8.8", 443), NO_RULE, true);
        assertDecision(r, event(NEW, TCP, "172.32.0.1", "192.168.1.10", 443), NO_RULE, true);
    }

    @Test
    void example5_portRangeFiltering() throws Exception {
        FilterRules r = rules("log destination.port == 80 || destination.port == 443"
                + " || in_range(destination.port, 8000, 8999)", "drop any");
        for (int port : new int[] {80, 443, 8000, 8080, 8999}) {
            assertDecision(r, event(NEW, TCP, "10.0.0.1", "1.1.1.1", port), 1, true);
        }
        for (int port : new int[] {22, 81, 7999, 9000}) {
            assertDecision(r, event(NEW, TCP, "10.0.0.1", "1.1.1.1", port), 2, false);
        }
    }

    @Test
    void example6_cidrBasedFiltering() throws Exception {
        FilterRules r = rules("log in_cidr(destination.address, \"192.168.1.0/24\")"
                + " || in_cidr(destination.address, \"10.0.0.0/8\")", "drop any");
        for (String dst : List.of("192.168.1.0", "192.168.1.255", "10.0.0.1", "10.255.255.255")) {
            assertDecision(r, event(NEW, TCP, "1.1.1.1", dst, 443), 1, true);
        }
        for (String dst : List.of("192.168.2.1", "11.0.0.1", "8.8.8.8", "::ffff:8.8.8.8", "2001:db8::1")) {
            assertDecision(r, event(NEW, TCP, sourceFor(dst), dst, 443), 2, false);
        }
    }

    @Test
    void example7_ipv6Filtering() throws Exception {
        FilterRules r = rules("drop destination.address == \"2001:4860:4860::8888\"",
                "log is_network(destination.address, \"PUBLIC\")");
        assertDecision(r, event(NEW, UDP, "2003::1", "2001:4860:4860::8888", 53), 1, false);
        assertDecision(r, event(NEW, UDP, "2003::1", "2001:4860:4860::8844", 53), 2, true);
        assertDecision(r, event(NEW, TCP, "10.0.0.1", "8.8.8.8", 443), 2, true);
        assertDecision(r, event(NEW, UDP, "fe80::1", "ff02::fb", 5353), NO_RULE, true);
        assertDecision(r, event(NEW, TCP, "fd00::1", "fd00::2", 22), NO_RULE, true);
    }

    @Test
    void example8_complexNegation() throws Exception {
        FilterRules r = rules("drop is_network(destination.address, \"PRIVATE\") && destination.port == 22",
                "log any");
        assertDecision(r, event(NEW, TCP, "1.1.1.1", "10.1.1.1", 22), 1, false);
        assertDecision(r, event(NEW, TCP, "1.1.1.1", "10.1.1.1", 443), 2, true);
        assertDecision(r, event(NEW, TCP, "1.1.1.1", "8.8.8.8", 22), 2, true);
    }

    @Test
    void example8_negationAlternativeLogsPrivateSshByDefault() throws Exception {
        // The original calls this an alternative, but with first-match-wins and log-by-default the
        // private SSH event matches no rule and is logged all the same; only a following "drop any"
        // makes it equivalent. We keep the semantics; docs/filter.md says so.
        FilterRules alone = rules("log !(is_network(destination.address, \"PRIVATE\") && destination.port == 22)");
        FilterRules withDropAny = rules(
                "log !(is_network(destination.address, \"PRIVATE\") && destination.port == 22)", "drop any");
        ConntrackEvent privateSsh = event(NEW, TCP, "1.1.1.1", "10.1.1.1", 22);

        assertDecision(alone, event(NEW, TCP, "1.1.1.1", "8.8.8.8", 22), 1, true);
        assertDecision(alone, privateSsh, NO_RULE, true);
        assertDecision(withDropAny, privateSsh, 2, false);
    }

    @Test
    void testingFiltersSteps() throws Exception {
        ConntrackEvent publicHttps = event(NEW, TCP, "10.0.0.1", "1.1.1.1", 443);
        ConntrackEvent privateHttp = event(NEW, TCP, "10.0.0.1", "10.0.0.2", 80);
        assertDecision(rules("log protocol == \"TCP\""), privateHttp, 1, true);
        assertDecision(rules("log protocol == \"TCP\" && destination.port == 443"), privateHttp, NO_RULE, true);
        FilterRules last = rules("log protocol == \"TCP\" && is_network(destination.address, \"PUBLIC\")",
                "drop any");
        assertDecision(last, publicHttps, 1, true);
        assertDecision(last, privateHttp, 2, false);
    }

    private static String sourceFor(String dst) {
        return dst.contains(":") ? "2003::1" : "1.1.1.1";
    }

    static FilterRules rules(String... rules) throws FilterRuleException {
        return FilterRules.compile(List.of(rules));
    }

    static ConntrackEvent event(EventType type, Protocol protocol, String src, String dst, int dport) {
        return TestEvents.event(type, protocol, src, 40000, dst, dport);
    }

    static void assertDecision(FilterRules rules, ConntrackEvent event, int position, boolean logged) {
        Rule decided = rules.decide(event);
        assertThat(decided == null ? NO_RULE : decided.position())
                .as("deciding rule for %s", event)
                .isEqualTo(position);
        assertThat(rules.shouldLog(event)).as("logged: %s", event).isEqualTo(logged);
    }
}
