package io.conntrackd.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a running daemon's metrics ({@code /metrics}, Prometheus text) and health ({@code /health/...})
 * over HTTP, at the address its log line "metrics on http://HOST:PORT/metrics" names (tests start it
 * with {@code --metrics.address 127.0.0.1:0}, so the port is a free one).
 */
public final class ObserveClient {

    private static final Pattern LOG_LINE = Pattern.compile("metrics on (http://[^ ]+)/metrics");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample: a metric name, its labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** An HTTP answer of a health endpoint. */
    public record Health(int status, JsonNode body) {

        /** The check named {@code name}, or {@code null}. */
        public JsonNode check(String name) {
            for (JsonNode c : body.get("checks")) {
                if (c.get("name").asText().equals(name)) {
                    return c;
                }
            }
            return null;
        }

        /** The status ("UP" or "DOWN") of the check named {@code name}, or {@code null} if there is none. */
        public String state(String name) {
            JsonNode c = check(name);
            return c == null ? null : c.get("status").asText();
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ObserveClient(String base) {
        this.base = base;
    }

    /** The client for the daemon's server, found in its log (waits for the line). */
    public static ObserveClient of(DaemonProcess daemon) throws IOException {
        Matcher m = LOG_LINE.matcher(daemon.awaitStderr(err -> LOG_LINE.matcher(err).find(), Duration.ofSeconds(10)));
        if (!m.find()) {
            throw new IllegalStateException("no metrics address in the daemon's log");
        }
        return new ObserveClient(m.group(1));
    }

    public String base() {
        return base;
    }

    /** GET of a path; the answer's status and body. */
    public HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Every sample of {@code /metrics}. */
    public List<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : get("/metrics").body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (name, value, ...). */
    public static double sum(List<Sample> samples, String name, String... labels) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labels)) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** {@link #sum(List, String, String...)} of a fresh scrape. */
    public double value(String name, String... labels) throws IOException {
        return sum(samples(), name, labels);
    }

    private static boolean matches(Map<String, String> actual, String... wanted) {
        for (int i = 0; i + 1 < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@code /health/live}, {@code /health/ready} or {@code /health}. */
    public Health health(String path) throws IOException {
        HttpResponse<String> r = get(path);
        return new Health(r.statusCode(), JSON.readTree(r.body()));
    }
}
