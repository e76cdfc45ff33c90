package io.conntrackd.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExpressionEvaluationException;
import org.apache.camel.ExpressionIllegalSyntaxException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The {@code cel} language found on the classpath by its name, in Java DSL and YAML DSL routes: filter,
 * choice and expressions on single events and on batches.
 */
class CelLanguageTest extends CamelTestSupport {

    private static final ConntrackEvent TCP_NEW = TestEvents.tcp4();
    private static final ConntrackEvent UDP_UPDATE = TestEvents.udp6();
    private static final ConntrackEvent PRIVATE_SSH = TestEvents.event(EventType.NEW, Protocol.TCP, "10.0.0.1",
            40000, "192.168.1.1", 22);

    private static final String YAML = """
            - route:
                from:
                  uri: direct:yaml
                  steps:
                    - filter:
                        language:
                          language: cel
                          expression: "event.type == 'NEW' && is_network(destination.address, 'PUBLIC')"
                        steps:
                          - setHeader:
                              name: port
                              expression:
                                language:
                                  language: cel
                                  expression: "destination.port"
                          - to: mock:yaml
            """;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:filter").filter().language("cel", "protocol == 'TCP'").to("mock:tcp");
                from("direct:choice")
                        .choice()
                            .when().language("cel", "is_network(destination.address, 'PRIVATE') && destination.port == 22")
                                .to("mock:ssh")
                            .otherwise()
                                .to("mock:other");
                from("direct:expression")
                        .setHeader("peer").language("cel", "destination.address + ':' + string(destination.port)")
                        .to("mock:expression");
            }
        };
    }

    @Test
    void javaDslFilterOnSingleEvents() throws Exception {
        MockEndpoint tcp = getMockEndpoint("mock:tcp");
        tcp.expectedBodiesReceived(TCP_NEW, PRIVATE_SSH);

        template.sendBody("direct:filter", TCP_NEW);
        template.sendBody("direct:filter", UDP_UPDATE);
        template.sendBody("direct:filter", PRIVATE_SSH);

        tcp.assertIsSatisfied();
    }

    @Test
    void javaDslChoice() throws Exception {
        getMockEndpoint("mock:ssh").expectedBodiesReceived(PRIVATE_SSH);
        getMockEndpoint("mock:other").expectedBodiesReceived(TCP_NEW, UDP_UPDATE);

        template.sendBody("direct:choice", TCP_NEW);
        template.sendBody("direct:choice", PRIVATE_SSH);
        template.sendBody("direct:choice", UDP_UPDATE);

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void batchPredicateIsTrueWhenAnyEventMatches() throws Exception {
        MockEndpoint tcp = getMockEndpoint("mock:tcp");
        tcp.expectedMessageCount(1);

        template.sendBody("direct:filter", List.of(UDP_UPDATE, TCP_NEW));
        template.sendBody("direct:filter", List.of(UDP_UPDATE, UDP_UPDATE));

        tcp.assertIsSatisfied();
        assertThat(tcp.getExchanges().get(0).getMessage().getBody()).isEqualTo(List.of(UDP_UPDATE, TCP_NEW));
    }

    @Test
    void expressionOnAnEventAndOnABatch() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:expression");
        out.expectedMessageCount(2);

        template.sendBody("direct:expression", TCP_NEW);
        template.sendBody("direct:expression", List.of(TCP_NEW, UDP_UPDATE));

        out.assertIsSatisfied();
        assertThat(out.getExchanges().get(0).getMessage().getHeader("peer")).isEqualTo("93.184.216.34:443");
        assertThat(out.getExchanges().get(1).getMessage().getHeader("peer"))
                .isEqualTo(List.of("93.184.216.34:443", "2a01:4f8::2:53"));
    }

    @Test
    void yamlDslFilterAndExpression() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("cel-test.camel.yaml", YAML));
        MockEndpoint yaml = getMockEndpoint("mock:yaml");
        yaml.expectedBodiesReceived(TCP_NEW);
        yaml.expectedHeaderReceived("port", 443L);

        template.sendBody("direct:yaml", UDP_UPDATE);
        template.sendBody("direct:yaml", PRIVATE_SSH);
        template.sendBody("direct:yaml", TCP_NEW);

        yaml.assertIsSatisfied();
    }

    @Test
    void badExpressionFailsWhenTheRouteIsCreatedWithTheReason() {
        assertThatThrownBy(() -> context.resolveLanguage("cel").createPredicate("event.typ == 'NEW'"))
                .isInstanceOf(ExpressionIllegalSyntaxException.class)
                .hasRootCauseMessage("undefined field 'typ' at column 6");
        assertThatThrownBy(() -> context.resolveLanguage("cel").createPredicate("destination.port"))
                .hasRootCauseMessage("wrong type: the expression is of type int, but a condition must be of type"
                        + " bool at column 1");
    }

    @Test
    void failureOnAnEventFailsTheExchange() {
        assertThatThrownBy(() -> template.sendBody("direct:expression", "not an event"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(ExpressionEvaluationException.class);
    }
}
