package io.conntrackd.sink.loki;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code conntrack-loki:} sink: conntrack events pushed to Grafana Loki in batches. Secrets are
 * options of the component, not of endpoints, so that they never appear in an endpoint URI (Camel
 * logs those); use one component instance per set of credentials.
 */
@Component("conntrack-loki")
public class LokiComponent extends DefaultComponent {

    @Metadata(label = "security", secret = true,
              description = "Bearer token sent as Authorization: Bearer (for example from an API gateway)."
                            + " Not together with an endpoint's username.")
    private String token;

    @Metadata(label = "security", secret = true,
              description = "Password for HTTP basic authentication, with the endpoint's username.")
    private String password;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LokiEndpoint endpoint = new LokiEndpoint(uri, this);
        endpoint.setAddress(remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
