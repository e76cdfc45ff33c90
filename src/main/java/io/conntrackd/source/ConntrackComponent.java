package io.conntrackd.source;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import io.conntrackd.conntrack.ConntrackReader;
import io.conntrackd.conntrack.EventSource;
import io.conntrackd.conntrack.ReaderOptions;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code conntrack:} component: netfilter conntrack events from the kernel as exchanges. As a
 * {@link HealthCheckComponent} it has Camel's {@code healthCheckConsumerEnabled} option for its consumers'
 * health checks.
 *
 * <p>Its consumers read the kernel's events; {@link #readFrom} gives them another {@link EventSource} instead
 * (conntrackd's start-up training run feeds its synthetic events so).
 */
@Component("conntrack")
public class ConntrackComponent extends HealthCheckComponent {

    /** Opens the source a consumer reads, for the endpoint's reader options. */
    @FunctionalInterface
    public interface SourceOpener {
        EventSource open(ReaderOptions options) throws IOException;
    }

    private SourceOpener opener = ConntrackReader::open;

    /** Has this component's consumers read from {@code opener}'s sources instead of the kernel. */
    public ConntrackComponent readFrom(SourceOpener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
        return this;
    }

    /** The source a consumer with these options reads: the kernel's netlink socket unless {@link #readFrom}. */
    EventSource openSource(ReaderOptions options) throws IOException {
        return opener.open(options);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ConntrackHealthCheckRepository.registerWith(getCamelContext());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ConntrackEndpoint endpoint = new ConntrackEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
