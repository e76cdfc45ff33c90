package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;

import io.conntrackd.sink.journal.JournalSinkConfiguration;
import io.conntrackd.sink.loki.LokiComponent;
import io.conntrackd.sink.loki.LokiConfiguration;
import io.conntrackd.sink.loki.LokiEndpoint;
import io.conntrackd.sink.stream.StreamSinkConfiguration;
import io.conntrackd.sink.syslog.SyslogSinkConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;

/** The options of every sink: one configuration per component, copied by each endpoint, checked where declared. */
class SinkConfigurationTest {

    @Test
    void aComponentOptionIsEveryEndpointsDefaultAndAUriOverridesIt() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            LokiComponent component = camel.getComponent("conntrack-loki", LokiComponent.class);
            // as camel-main binds camel.component.conntrack-loki.batchLines = 7: with the generated configurer
            assertThat(PropertyBindingSupport.build().withConfigurer(component.getComponentPropertyConfigurer())
                    .withIgnoreCase(true).bind(camel, component, "batchlines", "7")).isTrue();

            LokiEndpoint first = camel.getEndpoint("conntrack-loki:http://a:3100", LokiEndpoint.class);
            LokiEndpoint second = camel.getEndpoint("conntrack-loki:http://b:3100?batchLines=9", LokiEndpoint.class);

            assertThat(first.getConfiguration().getBatchLines()).isEqualTo(7);
            assertThat(second.getConfiguration().getBatchLines()).isEqualTo(9);
            assertThat(component.getConfiguration().getBatchLines()).as("the component's own copy").isEqualTo(7);
            assertThat(first.getConfiguration().getAddress()).isEqualTo("http://a:3100");
        }
    }

    @Test
    void aValueBelowItsRangeNamesTheOption() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            assertThatThrownBy(() -> camel.getEndpoint("conntrack-stream:stdout?queueSize=0"))
                    .isInstanceOf(ResolveEndpointFailedException.class)
                    .rootCause().isInstanceOf(InvalidOptionException.class)
                    .hasMessage("queueSize = \"0\": must be at least 1");
            assertThatThrownBy(() -> camel.getEndpoint("conntrack-loki:http://a:3100?minBackoff=10&maxBackoff=5"))
                    .rootCause().hasMessage("maxBackoff = \"5\": must be at least 10 (minBackoff)");
            assertThatThrownBy(() -> camel.getEndpoint("conntrack-journal:/run/j?drainTimeout=-1"))
                    .rootCause().hasMessage("drainTimeout = \"-1\": must be 0 or more");
        }
    }

    /** The component JSON (what Camel's tooling shows) has the defaults that the code has. */
    @Test
    void everyDocumentedDefaultIsTheFieldsInitialValue() throws Exception {
        int checked = 0;
        for (SinkConfiguration options : List.of(new StreamSinkConfiguration(), new JournalSinkConfiguration(),
                new LokiConfiguration(), new SyslogSinkConfiguration())) {
            for (Class<?> t = options.getClass(); t != Object.class; t = t.getSuperclass()) {
                for (Field f : t.getDeclaredFields()) {
                    String documented = documentedDefault(f);
                    if (!documented.isEmpty()) {
                        f.setAccessible(true);
                        String initial = String.valueOf(f.get(options)).replace('_', '-');
                        assertThat(initial).as(f.toString()).isEqualToIgnoringCase(documented);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static String documentedDefault(Field f) {
        UriParam param = f.getAnnotation(UriParam.class);
        UriPath path = f.getAnnotation(UriPath.class);
        String d = param != null ? param.defaultValue() : path != null ? path.defaultValue() : "";
        return d.toLowerCase(Locale.ROOT);
    }
}
