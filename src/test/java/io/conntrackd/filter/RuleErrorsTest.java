package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every way a rule can be unusable stops compilation with the rule's position, text and reason. */
class RuleErrorsTest {

    @Test
    void syntaxErrorNamesTheColumnInTheRule() {
        assertFails("drop destination.address == \"8.8.8.8\" &&", 2,
                "syntax error: mismatched input '<EOF>'",
                "at column 41");
        assertFails("log destination address 8.8.8.8", 1, "syntax error: mismatched input 'address'",
                "at column 17");
    }

    @Test
    void undefinedVariable() {
        assertFails("log type == \"NEW\"", 1,
                "undefined variable 'type' ('type' is a CEL type name): use event.type at column 5");
        assertFails("log src.port == 80", 1, "undefined variable 'src' at column 5");
    }

    @Test
    void undefinedField() {
        assertFails("drop event.typ == \"NEW\"", 1, "undefined field 'typ' at column 11");
        assertFails("log reply.source.addr == \"1.1.1.1\"", 1, "undefined field 'addr' at column 17");
    }

    @Test
    void wrongTypes() {
        assertFails("log destination.port == \"80\"", 1,
                "wrong type: found no matching overload for '_==_' applied to '(int, string)'", "at column 22");
        assertFails("log in_cidr(destination.port, \"10.0.0.0/8\")", 1,
                "wrong type: found no matching overload for 'in_cidr' applied to '(int, string)'");
        assertFails("log in_range(destination.port, 1)", 1,
                "wrong type: found no matching overload for 'in_range' applied to '(int, int)'");
    }

    @Test
    void nonBooleanExpression() {
        assertFails("drop destination.port", 1,
                "wrong type: the expression is of type int, but a condition must be of type bool at column 6");
        assertFails("log source.address", 1, "the expression is of type string");
    }

    @Test
    void unknownFunction() {
        assertFails("log is_private(source.address)", 1, "unknown function 'is_private' at column 5");
        assertFails("log source.address.is_local()", 1, "unknown function 'is_local' at column 20");
    }

    @Test
    void missingAction() {
        assertFails("event.type == \"NEW\"", 1,
                "missing action: a rule is 'log <expression>' or 'drop <expression>'");
        assertFails("any", 1, "missing action");
    }

    @Test
    void unknownAction() {
        assertFails("allow event.type == \"NEW\"", 1, "unknown action 'allow' at column 1: expected 'log' or 'drop'");
        assertFails("  LOGS any", 1, "unknown action 'LOGS' at column 3");
    }

    @Test
    void emptyExpressionOrRule() {
        assertFails("drop", 1, "empty expression: expected a condition after 'drop', e.g. 'drop any'");
        assertFails("log   ", 1, "empty expression: expected a condition after 'log'");
        assertFails("", 1, "empty rule: expected 'log <expression>' or 'drop <expression>'");
    }

    @Test
    void unknownNetworkCategory() {
        assertFails("log is_network(source.address, \"INTERNAL\")", 1,
                "invalid argument of is_network(): unknown network category \"INTERNAL\": expected one of"
                        + " \"LOCAL\", \"PRIVATE\", \"PUBLIC\", \"MULTICAST\" at column 32");
    }

    @Test
    void malformedCidr() {
        assertFails("log in_cidr(destination.address, \"10.0.0.0/33\")", 1,
                "invalid argument of in_cidr(): malformed CIDR \"10.0.0.0/33\": prefix length must be 0 to 32"
                        + " at column 34");
        assertFails("log in_cidr(destination.address, \"10.0.0.0\")", 1,
                "malformed CIDR \"10.0.0.0\": expected address/prefix-length");
        assertFails("log in_cidr(destination.address, \"10.0.0.256/8\")", 1,
                "malformed CIDR \"10.0.0.256/8\": not an IP address");
        assertFails("log in_cidr(destination.address, \"2001:db8::/129\")", 1, "prefix length must be 0 to 128");
    }

    @Test
    void malformedConstantAddress() {
        assertFails("log is_network(\"10.0.0\", \"LOCAL\")", 1,
                "invalid argument of is_network(): not an IP address: \"10.0.0\" at column 16");
    }

    @Test
    void positionIsTheRulesPlaceInTheList() {
        assertThatThrownBy(() -> FilterRules.compile(List.of("log any", "drop any", "drop nothing")))
                .isInstanceOfSatisfying(FilterRuleException.class, e -> {
                    assertThat(e.position()).isEqualTo(3);
                    assertThat(e.rule()).isEqualTo("drop nothing");
                    assertThat(e.reason()).isEqualTo("undefined variable 'nothing' at column 6");
                    assertThat(e.getMessage()).isEqualTo(
                            "rule 3 \"drop nothing\": undefined variable 'nothing' at column 6");
                });
    }

    @Test
    void multiLineRuleNamesLineAndColumn() {
        assertFails("log protocol == \"TCP\" &&\n  event.tpe == \"NEW\"", 1,
                "undefined field 'tpe' at line 2, column 8");
    }

    @Test
    void anyInsideAStringIsText() throws Exception {
        FilterRules r = FilterRules.compile(List.of("drop event.tcp_state == \"any\"", "log any"));
        assertThat(r.rules()).hasSize(2);
    }

    private static void assertFails(String rule, int position, String... fragments) {
        List<String> rules = new ArrayList<>();
        for (int i = 1; i < position; i++) {
            rules.add("log any");
        }
        rules.add(rule);
        assertThatThrownBy(() -> FilterRules.compile(rules))
                .isInstanceOf(FilterRuleException.class)
                .hasMessageStartingWith("rule " + position + " \"" + rule + "\": ")
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
