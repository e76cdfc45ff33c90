package io.conntrackd.sink.loki;

import java.util.List;

import io.conntrackd.sink.AtLeast;
import io.conntrackd.sink.Backoff;
import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.BufferedSinkConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The Loki sink's options; the secrets (token, password) are options of the component only. */
@UriParams
public class LokiConfiguration extends BufferedSinkConfiguration {

    @UriPath(defaultValue = "http://localhost:3100",
             description = "Loki's base URL; pushes go to ADDRESS/loki/api/v1/push.")
    private String address = "http://localhost:3100";

    @UriParam(description = "Extra stream labels: comma-separated key=value pairs. May override host and"
                            + " service_name; type and prot are reserved.")
    private String labels;

    @UriParam(label = "security", description = "Tenant (X-Scope-OrgID header) for a multi-tenant Loki.")
    private String tenant;

    @UriParam(label = "security", description = "Username for HTTP basic authentication; the password is a secret of the"
                                                + " component, never part of an endpoint URI.")
    private String username;

    @UriParam(label = "batch", defaultValue = "1000", description = "A push carries at most this many entries.")
    @AtLeast(1)
    private int batchLines = 1000;

    @UriParam(label = "batch", defaultValue = "1048576",
              description = "A push carries at most this many bytes of entries (before compression).")
    @AtLeast(1)
    private long batchBytes = 1024 * 1024;

    @UriParam(label = "batch", defaultValue = "1000",
              description = "A batch is pushed at the latest this many milliseconds after its first entry.")
    @AtLeast(0)
    private long batchWait = 1000;

    @UriParam(label = "batch", defaultValue = "16777216",
              description = "Bytes of entries held while Loki is slow or down; entries beyond are dropped and"
                            + " counted.")
    @AtLeast(option = "batchBytes")
    private long bufferBytes = 16L * 1024 * 1024;

    @UriParam(defaultValue = "false", description = "Send push bodies gzip-compressed.")
    private boolean gzip;

    @UriParam(defaultValue = "true",
              description = "Attach the event's fields as structured metadata (Loki 3.x); turn off for older"
                            + " Lokis, which refuse it. The log line carries the fields either way.")
    private boolean structuredMetadata = true;

    @UriParam(label = "retry", defaultValue = "10",
              description = "Retries of a push that failed temporarily (connection error, timeout, 429, 5xx)"
                            + " before its events are counted as failed; with the disk buffer, retries go on until"
                            + " Loki takes them.")
    @AtLeast(0)
    private int maxRetries = 10;

    @UriParam(label = "retry", defaultValue = "500",
              description = "Delay before the first retry in milliseconds; it doubles per failure, with jitter.")
    @AtLeast(1)
    private long minBackoff = 500;

    @UriParam(label = "retry", defaultValue = "30000",
              description = "Longest delay between retries in milliseconds.")
    @AtLeast(option = "minBackoff")
    private long maxBackoff = 30_000;

    @UriParam(defaultValue = "10000",
              description = "Connect and response timeout of a push in milliseconds.")
    @AtLeast(1)
    private long timeout = 10_000;

    @Override
    public LokiConfiguration copy() {
        return (LokiConfiguration) super.copy();
    }

    /** Also checks the address and the labels. */
    @Override
    public void validate() {
        super.validate();
        lokiAddress();
        streamLabels("host");
    }

    /**
     * The address, checked.
     *
     * @throws InvalidOptionException saying what is wrong with it (never repeating credentials)
     */
    public LokiAddress lokiAddress() {
        try {
            return LokiAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("address", address, "{} is not a Loki address: " + e.getMessage());
        }
    }

    /** The labels of every stream: the fixed ones with {@code hostname}, and the configured ones. */
    LokiLabels streamLabels(String hostname) {
        try {
            return LokiLabels.of(hostname, LokiLabels.parse(labels == null ? List.of() : List.of(labels)));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("labels", labels, "{}: " + e.getMessage());
        }
    }

    BatchLimits batchLimits() {
        return new BatchLimits(batchLines, batchBytes, batchWait, bufferBytes);
    }

    Backoff backoff() {
        return new Backoff(minBackoff, maxBackoff);
    }

    /**
     * Retries of a push that failed temporarily. With the disk buffer a push is retried until Loki takes it:
     * the events wait on disk meanwhile, so max-retries does not apply.
     */
    int retries() {
        return isDiskBuffered() ? Integer.MAX_VALUE : maxRetries;
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
