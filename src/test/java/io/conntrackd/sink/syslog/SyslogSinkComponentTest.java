package io.conntrackd.sink.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conntrackd.sink.syslog.connection.Framing;
import io.conntrackd.sink.syslog.connection.Scheme;
import io.conntrackd.sink.syslog.format.SyslogFormat;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.component.syslog.SyslogFacility;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The component as Camel users meet it: URI options, and what a bad URI says. */
class SyslogSinkComponentTest {

    private CamelContext camel;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void readsTheAddressFromThePathAndTheOptionsFromTheQuery() {
        SyslogSinkEndpoint e = camel.getEndpoint("conntrack-syslog:unixgram:///dev/log?format=rfc5424"
                + "&facility=LOCAL2&framing=newline&ceeCookie=false&sequenceId=false&hostname=h&appName=a"
                + "&maxDatagramSize=1024&queueSize=10", SyslogSinkEndpoint.class);
        assertThat(e.getConfiguration().getAddress()).isEqualTo("unixgram:///dev/log");
        assertThat(e.getConfiguration().getFormat()).isEqualTo(SyslogFormat.RFC5424);
        assertThat(e.getConfiguration().getFacility()).isEqualTo(SyslogFacility.LOCAL2);
        assertThat(e.getConfiguration().getFraming()).isEqualTo(Framing.NEWLINE);
        assertThat(e.getConfiguration().isCeeCookie()).isFalse();
        assertThat(e.getConfiguration().isSequenceId()).isFalse();
        assertThat(e.getConfiguration().getHostname()).isEqualTo("h");
        assertThat(e.getConfiguration().getAppName()).isEqualTo("a");
        assertThat(e.getConfiguration().getMaxDatagramSize()).isEqualTo(1024);
        assertThat(e.getQueueSize()).isEqualTo(10);
    }

    @Test
    void hasTheDocumentedDefaults() {
        SyslogSinkEndpoint e = camel.getEndpoint("conntrack-syslog:udp://localhost:514", SyslogSinkEndpoint.class);
        assertThat(e.getConfiguration().getFormat()).isEqualTo(SyslogFormat.AUTO);
        assertThat(e.getConfiguration().getFacility()).isEqualTo(SyslogFacility.DAEMON);
        assertThat(e.getConfiguration().getFraming()).isEqualTo(Framing.OCTET_COUNTING);
        assertThat(e.getConfiguration().isCeeCookie()).as("the original's cookie").isTrue();
        assertThat(e.getConfiguration().isSequenceId()).isTrue();
        assertThat(e.getConfiguration().getAppName()).isEqualTo("conntrackd");
        assertThat(e.getConfiguration().getMaxDatagramSize()).isEqualTo(2048);
    }

    @Test
    void aBadAddressOrCaFileSaysWhatIsWrong() {
        assertThatThrownBy(() -> camel.getEndpoint("conntrack-syslog:udp://localhost"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessage("address = \"udp://localhost\" is not a syslog address: expected udp://host:port");
        assertThatThrownBy(() -> camel.getEndpoint("conntrack-syslog:tls://localhost:6514?caFile=/nonexistent.pem"))
                .rootCause().hasMessage("caFile = \"/nonexistent.pem\" cannot be used: no such file");
        assertThatThrownBy(() -> camel.getEndpoint("conntrack-syslog:udp://localhost:514?format=rfc5425"))
                .hasMessageContaining("rfc5425");
    }

    @Test
    void theFormatDependsOnTheTransportOnlyWhenAuto() {
        assertThat(SyslogFormat.AUTO.on(Scheme.UNIXGRAM)).isEqualTo(SyslogFormat.RFC3164);
        assertThat(SyslogFormat.AUTO.on(Scheme.UNIX)).isEqualTo(SyslogFormat.RFC3164);
        assertThat(SyslogFormat.AUTO.on(Scheme.UDP)).isEqualTo(SyslogFormat.RFC5424);
        assertThat(SyslogFormat.AUTO.on(Scheme.TLS)).isEqualTo(SyslogFormat.RFC5424);
        assertThat(SyslogFormat.RFC5424.on(Scheme.UNIXGRAM)).isEqualTo(SyslogFormat.RFC5424);
        assertThat(SyslogFormat.RFC3164.on(Scheme.TCP)).isEqualTo(SyslogFormat.RFC3164);
    }
}
