package io.conntrackd.sink.loki;

/**
 * How one push went: an HTTP answer ({@code status} and the start of its body) or, when no answer came,
 * the transport error (connection refused, timeout, ...).
 *
 * @param status HTTP status, or 0 when there was no answer
 * @param body   the answer's body (shortened), or "" if none
 * @param error  why there was no answer, or {@code null}
 */
record PushResult(int status, String body, Exception error) {

    /** The longest answer body kept for the log. */
    static final int MAX_BODY = 512;

    static PushResult answer(int status, String body) {
        String b = body == null ? "" : body.strip();
        return new PushResult(status, b.length() > MAX_BODY ? b.substring(0, MAX_BODY) + "..." : b, null);
    }

    static PushResult failure(Exception error) {
        return new PushResult(0, "", error);
    }

    boolean delivered() {
        return error == null && status >= 200 && status < 300;
    }

    /**
     * Whether Loki refused entries as older than its stream's newest, which a Loki that requires order
     * does when a retry repeats entries an earlier attempt already stored.
     */
    boolean refusedAsOutOfOrder() {
        return status == 400 && body.contains("entry out of order");
    }

    /**
     * Whether Loki refused entries as older than it accepts: beyond {@code reject_old_samples_max_age}
     * ("timestamp too old") or, with unordered writes, too far behind the stream's newest entry.
     */
    boolean refusedAsTooOld() {
        return status == 400 && (body.contains("too old") || body.contains("too far behind"));
    }

    /**
     * Whether trying again later may succeed, as Loki's own clients judge: transport errors (connection,
     * timeout), 429 (rate limited) and 5xx. Any other answer (400 bad request, 401, 413, ...) would fail again.
     */
    boolean retryable() {
        return error != null || status == 429 || status >= 500;
    }

    /** For the log: {@code HTTP 503: body} or the error. */
    String describe() {
        if (error != null) {
            return error.toString();
        }
        return "HTTP " + status + (body.isEmpty() ? "" : ": " + body);
    }
}
