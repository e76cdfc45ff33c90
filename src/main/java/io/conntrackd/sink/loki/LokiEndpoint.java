package io.conntrackd.sink.loki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.SinkClock;
import io.conntrackd.sink.SinkEndpoint;
import io.conntrackd.sink.SinkMeters;
import io.conntrackd.sink.SinkWriter;
import org.apache.camel.Category;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

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

    @UriPath(description = "Loki's base URL, e.g. http://localhost:3100 (pushes go to"
                           + " ADDRESS/loki/api/v1/push).")
    @Metadata(required = true)
    private String address;

    @UriParam(description = "Extra stream labels: comma-separated key=value pairs. May override host and"
                            + " service_name; type and prot are reserved.")
    private String labels;

    @UriParam(label = "security", description = "Tenant (X-Scope-OrgID header) for a multi-tenant Loki.")
    private String tenant;

    @UriParam(label = "security", description = "Username for HTTP basic authentication; the password is the"
                                                + " component's password option.")
    private String username;

    @UriParam(label = "batch", defaultValue = "1000", description = "A push carries at most this many entries.")
    private int batchLines = 1000;

    @UriParam(label = "batch", defaultValue = "1048576",
              description = "A push carries at most this many bytes of entries (before compression).")
    private long batchBytes = 1024 * 1024;

    @UriParam(label = "batch", defaultValue = "1000",
              description = "A batch is pushed at the latest this many milliseconds after its first entry.")
    private long batchWait = 1000;

    @UriParam(label = "batch", defaultValue = "16777216",
              description = "Bytes of entries held while Loki is slow or down; entries beyond are dropped and"
                            + " counted.")
    private long bufferBytes = 16L * 1024 * 1024;

    @UriParam(defaultValue = "false", description = "Send push bodies gzip-compressed.")
    private boolean gzip;

    @UriParam(defaultValue = "true",
              description = "Attach the event's fields as structured metadata (Loki 3.x); turn off for older"
                            + " Lokis, which refuse it. The log line carries the fields either way.")
    private boolean structuredMetadata = true;

    @UriParam(label = "retry", defaultValue = "10",
              description = "Retries of a push that failed temporarily (connection error, timeout, 429, 5xx)"
                            + " before its events are counted as failed.")
    private int maxRetries = 10;

    @UriParam(label = "retry", defaultValue = "500",
              description = "Delay before the first retry in milliseconds; it doubles per failure, with jitter.")
    private long minBackoff = 500;

    @UriParam(label = "retry", defaultValue = "30000",
              description = "Longest delay between retries in milliseconds.")
    private long maxBackoff = 30_000;

    @UriParam(defaultValue = "10000",
              description = "Connect and response timeout of a push in milliseconds.")
    private long timeout = 10_000;

    private volatile LokiPushStats pushStats;

    public LokiEndpoint(String uri, LokiComponent component) {
        super(uri, component, "loki");
    }

    @Override
    public LokiComponent getComponent() {
        return (LokiComponent) super.getComponent();
    }

    /** Checks the options together, so that a bad endpoint fails when it is created, not at the first push. */
    void validate() {
        LokiAddress.parse(address);
        streamLabels();
        batchLimits();
        backoff();
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be at least 0, not " + maxRetries);
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, not " + timeout);
        }
        requestHeaders();
    }

    @Override
    protected SinkWriter createWriter() throws Exception {
        LokiPusher pusher = new CamelHttpPusher(getCamelContext(), LokiAddress.parse(address).pushUrl(),
                requestHeaders(), gzip, timeout);
        pushStats = new LokiPushStats(bufferBytes);
        return new LokiWriter(streamLabels(), structuredMetadata, batchLimits(), backoff(), maxRetries, pusher,
                getStats(), pushStats, SinkClock.SYSTEM);
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

    private LokiLabels streamLabels() {
        return LokiLabels.of(Hostname.local(), LokiLabels.parse(labels == null ? List.of() : List.of(labels)));
    }

    private BatchLimits batchLimits() {
        return new BatchLimits(batchLines, batchBytes, batchWait, bufferBytes);
    }

    private Backoff backoff() {
        return new Backoff(minBackoff, maxBackoff);
    }

    /** Tenant and authorization headers; they hold secrets, so they never go into a URI or a log. */
    private Map<String, String> requestHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (tenant != null && !tenant.isEmpty()) {
            headers.put(TENANT_HEADER, tenant);
        }
        String token = getComponent().getToken();
        boolean hasUser = username != null && !username.isEmpty();
        if (token != null && !token.isEmpty()) {
            if (hasUser) {
                throw new IllegalArgumentException("give either a username (basic authentication) or a token,"
                        + " not both");
            }
            headers.put("Authorization", "Bearer " + token);
        } else if (hasUser) {
            String password = getComponent().getPassword() == null ? "" : getComponent().getPassword();
            String pair = username + ":" + password;
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getLabels() {
        return labels;
    }

    public void setLabels(String labels) {
        this.labels = labels;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public int getBatchLines() {
        return batchLines;
    }

    public void setBatchLines(int batchLines) {
        this.batchLines = batchLines;
    }

    public long getBatchBytes() {
        return batchBytes;
    }

    public void setBatchBytes(long batchBytes) {
        this.batchBytes = batchBytes;
    }

    public long getBatchWait() {
        return batchWait;
    }

    public void setBatchWait(long batchWait) {
        this.batchWait = batchWait;
    }

    public long getBufferBytes() {
        return bufferBytes;
    }

    public void setBufferBytes(long bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    public boolean isGzip() {
        return gzip;
    }

    public void setGzip(boolean gzip) {
        this.gzip = gzip;
    }

    public boolean isStructuredMetadata() {
        return structuredMetadata;
    }

    public void setStructuredMetadata(boolean structuredMetadata) {
        this.structuredMetadata = structuredMetadata;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getMinBackoff() {
        return minBackoff;
    }

    public void setMinBackoff(long minBackoff) {
        this.minBackoff = minBackoff;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }
}
