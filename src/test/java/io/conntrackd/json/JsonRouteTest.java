package io.conntrackd.json;

import static io.conntrackd.json.JsonEvents.FULL;
import static io.conntrackd.json.JsonEvents.TCP4;
import static io.conntrackd.json.JsonEvents.UDP6;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** Events through routes as JSON: converters, Jackson's {@code marshal: json}, the conntrack-json data format. */
class JsonRouteTest extends CamelTestSupport {

    /** What a YAML route needs for Jackson to write our fields: the module, by class name. */
    private static final String YAML_JACKSON = """
            - route:
                from:
                  uri: direct:yaml-jackson
                  steps:
                    - marshal:
                        json:
                          library: Jackson
                          moduleClassNames: io.conntrackd.json.ConntrackJacksonModule
                    - to: mock:yaml-jackson
            - route:
                from:
                  uri: direct:yaml-custom
                  steps:
                    - marshal:
                        custom: conntrack-json
                    - to: mock:yaml-custom
            """;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:string").convertBodyTo(String.class).to("mock:string");
                JacksonDataFormat jackson = new JacksonDataFormat(ConntrackEvent.class);
                jackson.addModule(new ConntrackJacksonModule());
                from("direct:marshal-json").marshal(jackson).to("mock:marshal-json");
                from("direct:unmarshal-json").unmarshal(jackson).to("mock:unmarshal-json");
                from("direct:to-event").convertBodyTo(ConntrackEvent.class).to("mock:to-event");
                from("direct:marshal-custom").marshal().custom(ConntrackJsonDataFormat.NAME).to("mock:marshal-custom");
                from("direct:unmarshal-custom").unmarshal().custom(ConntrackJsonDataFormat.NAME)
                        .to("mock:unmarshal-custom");
            }
        };
    }

    private Object send(String name, Object body) throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:" + name);
        mock.expectedMessageCount(1);
        template.sendBody("direct:" + name, body);
        mock.assertIsSatisfied();
        return mock.getExchanges().get(0).getMessage().getBody();
    }

    /** A marshalled body (bytes, or a stream cache) as text. */
    private String text(Object body) {
        return context.getTypeConverter().convertTo(String.class, body);
    }

    @Test
    void convertBodyToStringGivesTheStreamLine() throws Exception {
        assertThat(send("string", JsonEvents.full())).isEqualTo(FULL);
        getMockEndpoint("mock:string").reset();
        assertThat(send("string", List.of(TestEvents.tcp4(), TestEvents.udp6()))).isEqualTo(TCP4 + "\n" + UDP6);
    }

    @Test
    void marshalJsonWithTheModuleWritesTheSameFieldsAndUnmarshalReadsThem() throws Exception {
        assertThat(text(send("marshal-json", JsonEvents.full()))).isEqualTo(FULL);
        assertThat(send("unmarshal-json", FULL)).isEqualTo(JsonEvents.full());
    }

    @Test
    void aJsonLineFromAnotherEndpointBecomesAnEventAgain() throws Exception {
        assertThat(send("to-event", FULL.getBytes(StandardCharsets.UTF_8))).isEqualTo(JsonEvents.full());
    }

    @Test
    void theDataFormatWritesLinesWithTheirContentTypeAndReadsThemBack() throws Exception {
        assertThat(text(send("marshal-custom", TestEvents.tcp4()))).isEqualTo(TCP4);
        Exchange one = getMockEndpoint("mock:marshal-custom").getExchanges().get(0);
        assertThat(one.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        getMockEndpoint("mock:marshal-custom").reset();
        assertThat(text(send("marshal-custom", List.of(TestEvents.tcp4(), TestEvents.udp6()))))
                .isEqualTo(TCP4 + "\n" + UDP6);
        Exchange batch = getMockEndpoint("mock:marshal-custom").getExchanges().get(0);
        assertThat(batch.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/x-ndjson");

        assertThat(send("unmarshal-custom", TCP4 + "\n")).isEqualTo(TestEvents.tcp4());
        getMockEndpoint("mock:unmarshal-custom").reset();
        assertThat(send("unmarshal-custom", TCP4 + "\n" + UDP6 + "\n"))
                .isEqualTo(List.of(TestEvents.tcp4(), TestEvents.udp6()));
    }

    @Test
    void yamlRoutesNeedOnlyTheModuleClassOrTheDataFormatsName() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("json.camel.yaml", YAML_JACKSON));
        assertThat(text(send("yaml-jackson", JsonEvents.full()))).isEqualTo(FULL);
        assertThat(text(send("yaml-custom", JsonEvents.full()))).isEqualTo(FULL);
    }

    @Test
    void anyObjectMapperFindsTheModule() throws Exception {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        assertThat(mapper.writeValueAsString(JsonEvents.full())).isEqualTo(FULL);
        assertThat(mapper.readValue(FULL, ConntrackEvent.class)).isEqualTo(JsonEvents.full());
        assertThat(mapper.writeValueAsString(List.of(TestEvents.tcp4(), TestEvents.udp6())))
                .isEqualTo("[" + TCP4 + "," + UDP6 + "]");
    }
}
