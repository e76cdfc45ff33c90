package io.conntrackd.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kamelets/conntrack-source.kamelet.yaml loads from the classpath (where the jar carries it) and its
 * properties reach the conntrack endpoint. The routes are created but not started, so no netlink
 * socket is opened; ConntrackSourceKameletIT feeds it real kernel events.
 */
class ConntrackSourceKameletTest {

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private ConntrackEndpoint kameletEndpoint(String uri) throws Exception {
        context = new DefaultCamelContext();
        context.setAutoStartup(false);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("user").to("mock:events");
            }
        });
        context.start();
        List<ConntrackEndpoint> endpoints = context.getEndpoints().stream()
                .filter(ConntrackEndpoint.class::isInstance).map(ConntrackEndpoint.class::cast).toList();
        assertThat(endpoints).as("conntrack endpoints created by the kamelet").hasSize(1);
        return endpoints.get(0);
    }

    @Test
    void defaultsAreThoseOfTheEndpoint() throws Exception {
        ConntrackEndpoint e = kameletEndpoint("kamelet:conntrack-source");
        assertThat(e.getEventTypes()).isEqualTo("NEW,UPDATE,DESTROY");
        assertThat(e.getProtocols()).isEqualTo("TCP,UDP");
        assertThat(e.getNetns()).isNull();
        assertThat(e.getBatchSize()).isEqualTo(1);
        assertThat(e.getReceiveBufferSize()).isEqualTo(32 * 1024 * 1024);
        assertThat(e.isAllNamespaces()).isTrue();
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).contains("user");
    }

    @Test
    void declaresAndProducesJson() throws Exception {
        JsonNode kamelet = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("kamelets/conntrack-source.kamelet.yaml").toFile());
        JsonNode out = kamelet.at("/spec/dataTypes/out");
        assertThat(out.path("default").asText()).isEqualTo("json");
        assertThat(out.at("/types/json/mediaType").asText()).isEqualTo("application/json");
        assertThat(kamelet.at("/spec/template/from/steps/0/marshal/custom").asText()).isEqualTo("conntrack-json");
    }

    @Test
    void propertiesReachTheEndpoint() throws Exception {
        ConntrackEndpoint e = kameletEndpoint("kamelet:conntrack-source?eventTypes=NEW,DESTROY&protocols=UDP"
                + "&netns=/var/run/netns/blue&batchSize=64&receiveBufferSize=8388608&allNamespaces=false");
        assertThat(e.getEventTypes()).isEqualTo("NEW,DESTROY");
        assertThat(e.getProtocols()).isEqualTo("UDP");
        assertThat(e.getNetns()).isEqualTo("/var/run/netns/blue");
        assertThat(e.getBatchSize()).isEqualTo(64);
        assertThat(e.getReceiveBufferSize()).isEqualTo(8388608);
        assertThat(e.isAllNamespaces()).isFalse();
    }
}
