package io.conntrackd.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.TestEvents;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The real routes/conntrackd.camel.yaml, fed from a direct endpoint instead of the kernel. */
class DefaultRouteTest extends CamelTestSupport {

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("conntrackd.sinks", "mock:stream,mock:other");
        return p;
    }

    @Override
    protected void doPostSetup() throws Exception {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveResource(context, "classpath:routes/conntrackd.camel.yaml"));
        AdviceWith.adviceWith(context, "conntrackd", a -> a.replaceFromWith("direct:events"));
        context.start();
    }

    @Test
    void everyEnabledSinkGetsEveryBatch() throws Exception {
        List<ConntrackEvent> batch = List.of(TestEvents.tcp4(), TestEvents.udp6());
        MockEndpoint stream = getMockEndpoint("mock:stream");
        MockEndpoint other = getMockEndpoint("mock:other");
        stream.expectedMessageCount(1);
        other.expectedMessageCount(1);

        template.sendBody("direct:events", batch);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(stream.getExchanges().get(0).getMessage().getBody(List.class)).isEqualTo(batch);
        assertThat(other.getExchanges().get(0).getMessage().getBody(List.class)).isEqualTo(batch);
    }
}
