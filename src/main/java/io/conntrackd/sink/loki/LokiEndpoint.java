package io.conntrackd.sink.loki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkMeters;
import io.conntrackd.sink.SinkWriter;
import io.conntrackd.support.Hostname;
import org.apache.camel.Category;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

/**
 * Pushes conntrack events (a {@code ConntrackEvent} or a list of them) to Grafana Loki's push API in
 * batches. Streams are labelled only with low-cardinality values (service_name, host, type, prot and
 * the configured labels); every other field is in the JSON log line and in the entry's structured
 * metadata. Temporary failures are retried with backoff while a bounded buffer holds new events.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack-loki", title = "Conntrack Loki Sink",
             syntax = "conntrack-loki:address", producerOnly = true, category = {Category.MONITORING})
public class LokiEndpoint extends SinkEndpoint {

    /** The header naming the tenant in a multi-tenant Loki. */
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    @UriParam
    private final LokiConfiguration configuration;

    private volatile LokiPushStats pushStats;

    public LokiEndpoint(String uri, LokiComponent component, LokiConfiguration configuration) {
        super(uri, component, "loki", configuration);
        this.configuration = configuration;
    }

    @Override
    public LokiConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public LokiComponent getComponent() {
        return (LokiComponent) super.getComponent();
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        LokiConfiguration c = configuration;
        LokiPusher pusher = new CamelHttpPusher(getCamelContext(), c.lokiAddress().pushUrl(), requestHeaders(),
                c.isGzip(), c.getTimeout());
        pushStats = new LokiPushStats(c.getBufferBytes());
        return new LokiWriter(c.streamLabels(Hostname.local()), c.isStructuredMetadata(), c.batchLimits(),
                c.backoff(), c.retries(), pusher, getStats(), pushStats, SinkClock.SYSTEM);
    }

    @Override
    protected boolean writesLines() {
        return true;
    }

    /** The pushes of the running sink (batch sizes, latency, buffer), or {@code null} before it starts. */
    public LokiPushStats getPushStats() {
        return pushStats;
    }

    /** The pushes of the running sink, by outcome, and its buffer. */
    @Override
    public void addMeters(SinkMeters meters) {
        LokiPushStats s = pushStats;
        if (s != null) {
            s.addMeters(meters);
        }
    }

    /** The buffer that holds entries while Loki is slow or down is nearly full. */
    @Override
    protected List<String> healthProblems() {
        LokiPushStats s = pushStats;
        if (s == null || s.bufferedBytes() * 100 < s.bufferCapacityBytes() * SATURATED_PERCENT) {
            return List.of();
        }
        return List.of("the Loki buffer is full to " + s.bufferedBytes() * 100 / s.bufferCapacityBytes() + "% ("
                + s.bufferedBytes() + " of " + s.bufferCapacityBytes() + " bytes)");
    }

    /** Tenant and authorization headers; they hold secrets, so they never go into a URI or a log. */
    private Map<String, String> requestHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        String tenant = configuration.getTenant();
        if (tenant != null && !tenant.isEmpty()) {
            headers.put(TENANT_HEADER, tenant);
        }
        String token = getComponent().getToken();
        String username = configuration.getUsername();
        if (token != null && !token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        } else if (username != null && !username.isEmpty()) {
            String password = getComponent().getPassword() == null ? "" : getComponent().getPassword();
            String pair = username + ":" + password;
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
