package io.conntrackd.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.conntrackd.sink.SinkComponent;
import io.conntrackd.sink.loki.LokiComponent;
import io.conntrackd.sink.loki.LokiConfiguration;

/**
 * {@code --sink.loki.*}: batched pushes to Grafana Loki ({@code conntrack-loki:}). Secrets (token,
 * password) are read from files or environment variables into the component, never into the endpoint
 * URI or a Camel property, so that no log line, {@code --help} or error message shows them.
 */
final class LokiSinkDefinition extends SinkDefinition<LokiConfiguration> {

    static final String TOKEN_VARIABLE = "CONNTRACKD_SINK_LOKI_TOKEN";
    static final String PASSWORD_VARIABLE = "CONNTRACKD_SINK_LOKI_PASSWORD";
    static final Setting PASSWORD_FILE = Setting.string("sink.loki.password-file", "",
            "File holding the Loki basic-auth password (or set " + PASSWORD_VARIABLE + ")");
    static final Setting TOKEN_FILE = Setting.string("sink.loki.token-file", "",
            "File holding a Loki bearer token (or set " + TOKEN_VARIABLE + ")");

    LokiSinkDefinition() {
        super("loki", "conntrack-loki", Settings.SINK_LOKI_ENABLE, LokiConfiguration::new, Map.of(),
                Map.of("labels", ","));
    }

    @Override
    List<Setting> ownSettings() {
        return List.of(PASSWORD_FILE, TOKEN_FILE);
    }

    @Override
    Map<String, String> otherOptionNames() {
        return Map.of("token", "a token (" + TOKEN_FILE.key() + " or " + TOKEN_VARIABLE + ")",
                "password", "a Loki password (" + PASSWORD_FILE.key() + " or " + PASSWORD_VARIABLE + ")");
    }

    /** The component with the secrets. */
    @Override
    SinkComponent component(LokiConfiguration options, Configuration config, Map<String, String> environment)
            throws ConfigurationException {
        LokiComponent component = new LokiComponent();
        component.setConfiguration(options);
        component.setToken(SecretFiles.read(config, TOKEN_FILE, environment, TOKEN_VARIABLE));
        component.setPassword(SecretFiles.read(config, PASSWORD_FILE, environment, PASSWORD_VARIABLE));
        return component;
    }

    /** {@code GET /ready}, as the original checks Loki at startup: anything but 200 means not ready. */
    @Override
    void probe(LokiConfiguration options) throws Exception {
        String url = options.lokiAddress().readyUrl();
        Duration timeout = Duration.ofMillis(options.getTimeout());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("GET " + url + " failed: " + e, e);
        }
        if (response.statusCode() != 200) {
            String body = response.body().strip();
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
        }
    }
}
