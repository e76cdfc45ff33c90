package io.conntrackd.filter;

import static io.conntrackd.conntrack.EventType.NEW;
import static io.conntrackd.conntrack.Protocol.TCP;
import static io.conntrackd.conntrack.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.cel.runtime.CelEvaluationException;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.PeerNamespace;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.api.Test;

/** Our variables beyond the original's, run-time failures, and CEL features users may reach for. */
class RuleEvaluationTest {

    /** NEW TCP 192.168.1.20:50000 -> 93.184.216.34:443, DNAT'ed to 10.0.0.8:8443, mark 7, zone 3. */
    private static final ConntrackEvent NATTED = TestEvents
            .builder(NEW, TCP, TestEvents.tuple("192.168.1.20", 50000, "93.184.216.34", 443))
            .reply(TestEvents.tuple("10.0.0.8", 8443, "192.168.1.20", 50000))
            .tcpState(TcpState.SYN_SENT)
            .mark(7)
            .zone(3)
            .build();

    @Test
    void eventFields() throws Exception {
        assertMatches(NATTED, "event.type == 'NEW'", "event.flow_id == 4000057915", "event.family == 'IPv4'",
                "event.tcp_state == 'SYN_SENT'", "event.mark == 7", "event.zone == 3", "event.nat",
                "protocol == 'TCP'");
        ConntrackEvent udp6 = TestEvents.udp6();
        assertMatches(udp6, "event.family == 'IPv6'", "event.tcp_state == ''", "event.mark == 0",
                "event.zone == 0", "!event.nat", "event.type == 'UPDATE'", "protocol == 'UDP'");
    }

    @Test
    void theNamespaceOfAnEventFromAnotherAndOfOurOwn() throws Exception {
        assertMatches(TestEvents.tcp4FromNamespace(), "event.netns_id == 7", "event.netns == 'web'",
                "event.netns.startsWith('w')");
        assertMatches(TestEvents.tcp4(), "event.netns_id == -1", "event.netns == ''");
        ConntrackEvent unnamed = TestEvents.builder(NEW, TCP, TestEvents.tuple("10.0.0.1", 1, "10.0.0.2", 2))
                .namespace(new PeerNamespace(0, null)).build();
        assertMatches(unnamed, "event.netns_id == 0", "event.netns == ''");
    }

    @Test
    void originalAndReplyTuples() throws Exception {
        assertMatches(NATTED, "source.address == '192.168.1.20'", "source.port == 50000",
                "destination.address == '93.184.216.34'", "destination.port == 443",
                "reply.source.address == '10.0.0.8'", "reply.source.port == 8443",
                "reply.destination.address == '192.168.1.20'", "reply.destination.port == 50000",
                "reply.source.address != destination.address");
        ConntrackEvent plain = TestEvents.tcp4();
        assertMatches(plain, "reply.source.address == destination.address",
                "reply.destination.port == source.port", "!event.nat");
    }

    @Test
    void missingReplyReadsAsTheInverseOfTheOriginal() throws Exception {
        ConntrackEvent noReply = TestEvents.builder(NEW, UDP, TestEvents.tuple("10.0.0.1", 1000, "10.0.0.2", 53))
                .reply(null).build();
        assertMatches(noReply, "reply.source.address == '10.0.0.2'", "reply.destination.port == 1000");
    }

    @Test
    void wholeStructsAndMacros() throws Exception {
        assertMatches(NATTED, "reply.destination == source",
                "source.address.startsWith('192.168.')", "[22, 443].exists(p, p == destination.port)",
                "destination.port in [80, 443]", "size(reply.source.address) == 8",
                "string(destination.port) + '/tcp' == '443/tcp'", "source.address.matches('^192\\\\.168\\\\.')");
    }

    @Test
    void functionsOnVariablesAndOnComputedArguments() throws Exception {
        assertMatches(NATTED, "is_network(source.address, 'PRIVATE')", "is_network(reply.source.address, 'PRIVATE')",
                "is_network(destination.address, 'PUBLIC')", "in_cidr(reply.source.address, '10.0.0.0/24')",
                "in_cidr(destination.address, destination.address + '/32')",
                "in_range(reply.source.port, 8000, 8999)", "!in_range(destination.port, 444, 442)",
                "is_network(destination.address, event.type == 'NEW' ? 'PUBLIC' : 'LOCAL')");
    }

    @Test
    void ruleFailingAtRunTimeDoesNotMatchIsCountedAndTheNextRuleDecides() throws Exception {
        FilterRules r = FilterRules.compile(List.of(
                "drop 100 / (destination.port - 443) == 1",
                "drop in_cidr(source.address, event.tcp_state + '/8')",
                "log any"));
        Rule divides = r.rules().get(0);
        Rule badCidr = r.rules().get(1);

        ConntrackEvent https = TestEvents.event(NEW, TCP, "10.0.0.1", 40000, "1.1.1.1", 443);
        ConntrackEvent ssh = TestEvents.event(NEW, TCP, "10.0.0.1", 40000, "1.1.1.1", 22);
        assertThat(r.decide(https).position()).isEqualTo(3); // rule 1 fails (/ by zero), rule 2 fails
        assertThat(r.decide(ssh).position()).isEqualTo(3);   // rule 1 is false, rule 2 fails
        assertThat(r.shouldLog(https)).isTrue();

        assertThat(divides.errors()).isEqualTo(2);
        assertThat(divides.matched()).isZero();
        assertThat(badCidr.errors()).isEqualTo(3);
        assertThat(r.rules().get(2).matched()).isEqualTo(3);
    }

    @Test
    void runTimeFailureSaysWhatWasWrong() throws Exception {
        CompiledExpression e = ConntrackCel.shared().compile("in_cidr(source.address, protocol)", true);
        assertThatThrownBy(() -> e.test(TestEvents.tcp4()))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("in_cidr")
                .hasMessageEndingWith("malformed CIDR \"TCP\": expected address/prefix-length");
    }

    @Test
    void unknownCategoryComputedAtRunTimeIsARunTimeFailure() throws Exception {
        FilterRules r = FilterRules.compile(List.of("drop is_network(source.address, protocol)"));
        assertThat(r.shouldLog(TestEvents.tcp4())).isTrue();
        assertThat(r.rules().get(0).errors()).isEqualTo(1);
    }

    @Test
    void compiledExpressionsEvaluateToCelValues() throws Exception {
        ConntrackCel cel = ConntrackCel.shared();
        assertThat(cel.compile("destination.port + 1", false).evaluate(NATTED)).isEqualTo(444L);
        assertThat(cel.compile("reply.source", false).evaluate(NATTED))
                .isEqualTo(java.util.Map.of("address", "10.0.0.8", "port", 8443L));
        assertThat(cel.compile("[event.type, protocol]", false).evaluate(NATTED)).isEqualTo(List.of("NEW", "TCP"));
    }

    @Test
    void everyDeclaredNameHasAValue() {
        EventVariables variables = new EventVariables(NATTED);
        assertThat(EventTypes.ALL_NAMES.keySet()).allSatisfy(name ->
                assertThat(variables.value(name)).as(name).isNotNull());
        assertThat(variables.value("nonsense")).isNull();
    }

    private static void assertMatches(ConntrackEvent event, String... expressions) throws Exception {
        for (String e : expressions) {
            assertThat(ConntrackCel.shared().compile(e, true).test(event)).as(e).isTrue();
        }
    }

}
