package io.conntrackd.sink.loki;

import java.util.Map;

import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.SinkConfiguration;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/**
 * The {@code conntrack-loki:} sink: conntrack events pushed to Grafana Loki in batches. Secrets are
 * options of the component, not of endpoints, so that they never appear in an endpoint URI (Camel
 * logs those); use one component instance per set of credentials.
 */
@Component("conntrack-loki")
public class LokiComponent extends SinkComponent {

    @Metadata(description = "The options every endpoint starts with; an endpoint URI overrides single ones.")
    private LokiConfiguration configuration = new LokiConfiguration();

    @Metadata(label = "security", secret = true,
              description = "Bearer token sent as Authorization: Bearer (for example from an API gateway)."
                            + " Not together with a username.")
    private String token;

    @Metadata(label = "security", secret = true,
              description = "Password for HTTP basic authentication, with the username option.")
    private String password;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LokiConfiguration options = configuration.copy();
        if (!remaining.isEmpty()) {
            options.setAddress(remaining);
        }
        return configured(new LokiEndpoint(uri, this, options), parameters);
    }

    /** Also checks that the credentials go together: a username or a token, and a password only with a username. */
    @Override
    public void validate(SinkConfiguration options) {
        super.validate(options);
        String username = ((LokiConfiguration) options).getUsername();
        boolean hasUser = username != null && !username.isEmpty();
        if (hasUser && token != null && !token.isEmpty()) {
            throw new InvalidOptionException("username", username,
                    "give either {username} (basic authentication) or {token}, not both");
        }
        if (!hasUser && password != null && !password.isEmpty()) {
            throw new InvalidOptionException("password", "", "{password} needs {username}");
        }
    }

    public LokiConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(LokiConfiguration configuration) {
        this.configuration = configuration;
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
