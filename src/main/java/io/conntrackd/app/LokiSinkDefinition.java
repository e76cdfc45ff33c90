package io.conntrackd.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.conntrackd.sink.loki.LokiAddress;
import io.conntrackd.sink.loki.LokiComponent;
import io.conntrackd.sink.loki.LokiLabels;

/**
 * {@code --sink.loki.*}: batched pushes to Grafana Loki ({@code conntrack-loki:}). Secrets (token,
 * password) are read from files or environment variables into a component bean, never into the
 * endpoint URI or a Camel property, so that no log line, {@code --help} or error message shows them.
 */
final class LokiSinkDefinition implements SinkDefinition {

    static final String TOKEN_VARIABLE = "CONNTRACKD_SINK_LOKI_TOKEN";
    static final String PASSWORD_VARIABLE = "CONNTRACKD_SINK_LOKI_PASSWORD";
    /** The registry name of the component, which Camel then uses for the {@code conntrack-loki} scheme. */
    static final String COMPONENT = "conntrack-loki";

    @Override
    public String name() {
        return "loki";
    }

    @Override
    public Setting enable() {
        return Settings.SINK_LOKI_ENABLE;
    }

    @Override
    public String endpointUri(Configuration config) throws ConfigurationException {
        LokiAddress address = address(config);
        String labels = String.join(",", config.list(Settings.SINK_LOKI_LABELS));
        try {
            // checks names and values, and the count with the fixed labels (any hostname will do)
            LokiLabels.of("host", LokiLabels.parse(config.list(Settings.SINK_LOKI_LABELS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid " + config.describe(Settings.SINK_LOKI_LABELS) + ": "
                    + e.getMessage());
        }
        int batchBytes = atLeast(config, Settings.SINK_LOKI_BATCH_BYTES, 1);
        int minBackoff = atLeast(config, Settings.SINK_LOKI_MIN_BACKOFF, 1);
        StringBuilder uri = new StringBuilder(COMPONENT).append(':').append(address).append('?')
                .append("batchLines=").append(atLeast(config, Settings.SINK_LOKI_BATCH_LINES, 1))
                .append("&batchBytes=").append(batchBytes)
                .append("&batchWait=").append(atLeast(config, Settings.SINK_LOKI_BATCH_WAIT, 0))
                .append("&bufferBytes=").append(atLeast(config, Settings.SINK_LOKI_BUFFER_BYTES, batchBytes))
                .append("&gzip=").append(config.bool(Settings.SINK_LOKI_GZIP))
                .append("&structuredMetadata=").append(config.bool(Settings.SINK_LOKI_STRUCTURED_METADATA))
                .append("&maxRetries=").append(atLeast(config, Settings.SINK_LOKI_MAX_RETRIES, 0))
                .append("&minBackoff=").append(minBackoff)
                .append("&maxBackoff=").append(atLeast(config, Settings.SINK_LOKI_MAX_BACKOFF, minBackoff))
                .append("&timeout=").append(atLeast(config, Settings.SINK_LOKI_TIMEOUT, 1));
        appendText(uri, "labels", labels);
        appendText(uri, "tenant", config.string(Settings.SINK_LOKI_TENANT));
        appendText(uri, "username", config.string(Settings.SINK_LOKI_USERNAME));
        return uri.toString();
    }

    /** {@code GET /ready}, as the original checks Loki at startup: anything but 200 means not ready. */
    @Override
    public void probe(Configuration config) throws Exception {
        String url = address(config).readyUrl();
        Duration timeout = Duration.ofMillis(config.integer(Settings.SINK_LOKI_TIMEOUT));
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

    /** The component with the secrets, bound under the scheme's name. */
    @Override
    public Map<String, Object> beans(Configuration config, Map<String, String> environment)
            throws ConfigurationException {
        String token = secret(config, Settings.SINK_LOKI_TOKEN_FILE, environment, TOKEN_VARIABLE);
        String password = secret(config, Settings.SINK_LOKI_PASSWORD_FILE, environment, PASSWORD_VARIABLE);
        boolean hasUser = !config.string(Settings.SINK_LOKI_USERNAME).isEmpty();
        if (token != null && hasUser) {
            throw new ConfigurationException("give either " + Settings.SINK_LOKI_USERNAME.key() + " (basic"
                    + " authentication) or a token (" + Settings.SINK_LOKI_TOKEN_FILE.key() + " or " + TOKEN_VARIABLE
                    + "), not both");
        }
        if (password != null && !hasUser) {
            throw new ConfigurationException("a Loki password (" + Settings.SINK_LOKI_PASSWORD_FILE.key() + " or "
                    + PASSWORD_VARIABLE + ") needs " + Settings.SINK_LOKI_USERNAME.key());
        }
        LokiComponent component = new LokiComponent();
        component.setToken(token);
        component.setPassword(password);
        return Map.of(COMPONENT, component);
    }

    private static LokiAddress address(Configuration config) throws ConfigurationException {
        try {
            return LokiAddress.parse(config.string(Settings.SINK_LOKI_ADDRESS));
        } catch (IllegalArgumentException e) {
            // credentials in the value (user:password@host) are masked
            String masked = SecretFiles.masked(config.string(Settings.SINK_LOKI_ADDRESS));
            throw new ConfigurationException("invalid value \"" + masked + "\" for " + Settings.SINK_LOKI_ADDRESS.key()
                    + " (from " + config.origin(Settings.SINK_LOKI_ADDRESS) + "): " + e.getMessage());
        }
    }

    private static int atLeast(Configuration config, Setting s, int minimum) throws ConfigurationException {
        int v = config.integer(s);
        if (v < minimum) {
            throw new ConfigurationException("invalid " + config.describe(s) + ": must be at least " + minimum);
        }
        return v;
    }

    /** A free-text option, passed as Camel's RAW(...) so that no character (&, +, %) is taken as URI syntax. */
    private static void appendText(StringBuilder uri, String option, String value) {
        if (!value.isEmpty()) {
            uri.append('&').append(option).append("=RAW(").append(value).append(')');
        }
    }

    /** A secret from the file that {@code file} names or from the environment variable; {@code null} if neither. */
    private static String secret(Configuration config, Setting file, Map<String, String> environment,
                                 String variable) throws ConfigurationException {
        String path = config.string(file);
        String fromEnvironment = environment.getOrDefault(variable, "").strip();
        if (!path.isEmpty() && !fromEnvironment.isEmpty()) {
            throw new ConfigurationException(file.key() + " and " + variable + " are both set; use one");
        }
        if (path.isEmpty()) {
            return fromEnvironment.isEmpty() ? null : fromEnvironment;
        }
        String secret;
        try {
            secret = Files.readString(Path.of(path)).strip();
        } catch (IOException | InvalidPathException e) {
            throw new ConfigurationException("cannot read " + config.describe(file) + ": " + e);
        }
        if (secret.isEmpty()) {
            throw new ConfigurationException("invalid " + config.describe(file) + ": the file is empty");
        }
        return secret;
    }
}
