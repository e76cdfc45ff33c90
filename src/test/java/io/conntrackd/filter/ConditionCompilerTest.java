package io.conntrackd.filter;

import static io.conntrackd.conntrack.EventType.DESTROY;
import static io.conntrackd.conntrack.EventType.NEW;
import static io.conntrackd.conntrack.Protocol.TCP;
import static io.conntrackd.conntrack.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.cel.runtime.CelEvaluationException;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.TcpState;
import io.conntrackd.testing.TestEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Param;

/** Conditions compiled to Java give exactly CEL's interpreter's results and errors, on varied events. */
class ConditionCompilerTest {

    private static final List<ConntrackEvent> EVENTS = List.of(
            TestEvents.tcp4(),
            TestEvents.udp6(),
            TestEvents.event(DESTROY, TCP, "192.168.1.10", 22, "8.8.8.8", 53),
            TestEvents.event(NEW, UDP, "fe80::1", 5353, "ff02::fb", 5353),
            TestEvents.event(NEW, TCP, "::ffff:10.1.1.1", 40000, "::1", 8080),
            TestEvents.builder(NEW, TCP, TestEvents.tuple("192.168.1.20", 50000, "93.184.216.34", 443))
                    .reply(TestEvents.tuple("10.0.0.8", 8443, "192.168.1.20", 50000))
                    .tcpState(TcpState.SYN_SENT).mark(7).zone(3).build());

    @ParameterizedTest
    @ValueSource(strings = {
            "any", "true", "!any", "event.nat", "!event.nat", "event.nat == false",
            "event.type == 'NEW'", "event.type != 'NEW'", "protocol == 'TCP' && event.type == 'NEW'",
            "protocol == 'UDP' || destination.port == 443", "!(protocol == 'UDP' || destination.port == 443)",
            "destination.port < 1024", "destination.port <= 443", "source.port > 40000", "source.port >= 50000",
            "source.address < destination.address", "event.tcp_state >= 'SYN'",
            "event.mark == 7 && event.zone == 3", "event.flow_id == 4000057915", "event.family == 'IPv6'",
            "reply.source.address == '10.0.0.8' && reply.source.port == 8443",
            "reply.destination.port == source.port",
            "is_network(source.address, 'PRIVATE')", "is_network(destination.address, 'public')",
            "is_network(reply.source.address, 'LOCAL')", "is_network(destination.address, 'MULTICAST')",
            "is_network('10.0.0.1', 'PRIVATE')",
            "in_cidr(destination.address, '8.8.8.0/24') || in_cidr(source.address, '10.0.0.0/8')",
            "in_cidr(source.address, 'fe80::/10')", "in_cidr(reply.source.address, '10.0.0.0/24')",
            "in_range(destination.port, 8000, 8999)", "in_range(source.port, 1024, 65535)",
            // run-time errors, alone and absorbed or not by && and ||
            "in_cidr(source.address, protocol)", "is_network(destination.address, event.type)",
            "in_cidr(source.address, protocol) && false", "false && in_cidr(source.address, protocol)",
            "in_cidr(source.address, protocol) && true", "in_cidr(source.address, protocol) || true",
            "true || in_cidr(source.address, protocol)", "in_cidr(source.address, protocol) || false",
            "!in_cidr(source.address, protocol)", "is_network(event.type, 'LOCAL') || protocol == 'UDP'",
            "in_cidr(source.address, event.type) || is_network(source.address, protocol)"
    })
    void javaAndInterpreterAgree(String expression) throws Exception {
        CompiledExpression compiled = ConntrackCel.shared().compile(expression, true);
        assertThat(compiled.runsAsJava()).as("%s compiled to Java (else test() is the interpreter too)", expression)
                .isTrue();
        for (ConntrackEvent event : EVENTS) {
            EventVariables variables = new EventVariables(event);
            assertThat(outcome(() -> compiled.test(variables)))
                    .as("%s on %s", expression, event)
                    .isEqualTo(outcome(() -> compiled.interpret(variables)));
        }
    }

    /** The rules that FilterBenchmark measures: the original's examples. */
    static Stream<String> benchmarkedRules() throws NoSuchFieldException {
        String[] rules = FilterBenchmark.OneRule.class.getField("expression").getAnnotation(Param.class).value();
        return Stream.concat(Arrays.stream(rules),
                Stream.of("!(is_network(destination.address, \"PRIVATE\") && destination.port == 22)", "true"));
    }

    @ParameterizedTest
    @MethodSource("benchmarkedRules")
    void theOriginalsRulesRunAsJava(String expression) throws Exception {
        assertThat(ConntrackCel.shared().compile(expression, true).runsAsJava()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"destination.port + 1 == 444", "destination.port in [22, 443]",
            "source.address.startsWith('10.')", "reply.destination == source", "[1].exists(x, x == 1)",
            "is_network(destination.address, protocol == 'TCP' ? 'PUBLIC' : 'LOCAL')",
            "in_cidr(source.address, destination.address + '/8')"})
    void otherExpressionsRunOnTheInterpreter(String expression) throws Exception {
        CompiledExpression compiled = ConntrackCel.shared().compile(expression, true);
        assertThat(compiled.runsAsJava()).isFalse();
        for (ConntrackEvent event : EVENTS) {
            assertThat(outcome(() -> compiled.test(new EventVariables(event)))).isIn("true", "false");
        }
    }

    private interface Evaluation {
        boolean run() throws CelEvaluationException;
    }

    /** "true", "false" or "error". */
    private static String outcome(Evaluation evaluation) {
        try {
            return Boolean.toString(evaluation.run());
        } catch (CelEvaluationException e) {
            return "error";
        }
    }
}
