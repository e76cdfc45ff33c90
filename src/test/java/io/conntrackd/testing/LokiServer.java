package io.conntrackd.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process Grafana Loki that implements the push API as documented and enforces it: POST
 * {@code /loki/api/v1/push} with {@code Content-Type: application/json}, optionally
 * {@code Content-Encoding: gzip}; body {@code {"streams":[{"stream":{labels},"values":[["<ns>","<line>",
 * {metadata}?],...]}]}}; label names {@code [a-zA-Z_][a-zA-Z0-9_]*} not starting with {@code __}, at
 * most 15 labels; entries per stream in timestamp order (an older entry is refused with 400 "entry out
 * of order", as Loki without unordered writes does; the others are kept); timestamps within a week in
 * the past and 10 minutes in the future; lines up to 256 KiB. Accepted pushes get 204. {@code GET
 * /ready} answers 200 "ready". Tests can make it answer an error status, answer slowly, or go down
 * (port closed) and come back on the same port. It records what it stored and every request.
 */
public final class LokiServer implements AutoCloseable {

    /** A stored log entry. */
    public record Entry(Map<String, String> labels, long timestampNanos, String line, Map<String, String> metadata) {
    }

    /**
     * One push request as it arrived and was answered.
     *
     * @param remotePort the client's port: one value across requests means one kept-alive connection
     * @param answer     the response body (empty for 204)
     */
    public record Request(int status, String contentType, String contentEncoding, String tenant,
                          String authorization, int remotePort, int entries, String answer) {
    }

    public static final int MAX_LABELS = 15;
    public static final int MAX_LINE_BYTES = 256 * 1024;
    private static final long MAX_AGE_NANOS = TimeUnit.DAYS.toNanos(7);
    private static final long GRACE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private volatile InetSocketAddress address;
    private final Map<Map<String, String>, List<Entry>> streams = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private volatile long delayMillis;
    private volatile boolean ready = true;
    private int duplicates;
    private HttpServer server;
    private ExecutorService executor;

    private LokiServer(InetSocketAddress address) {
        this.address = address;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static LokiServer start() throws IOException {
        LokiServer s = new LokiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.up();
        return s;
    }

    public int port() {
        return address.getPort();
    }

    /** The address to give the sink, {@code http://127.0.0.1:PORT}. */
    public String address() {
        return "http://127.0.0.1:" + port();
    }

    /** Listens (again, on the same port after {@link #down()}). */
    public synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(address, 0);
        // keep the port the system chose, so that up() after down() comes back on it
        address = server.getAddress();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "loki-test-server"));
        server.setExecutor(executor);
        server.createContext("/loki/api/v1/push", this::push);
        server.createContext("/ready", this::ready);
        server.start();
    }

    /** Closes the port and every connection: clients get "connection refused". */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        down();
    }

    /** The next {@code times} valid pushes are answered with {@code status} and not stored. */
    public synchronized void answer(int status, int times) {
        for (int i = 0; i < times; i++) {
            scripted.addLast(status);
        }
    }

    /** Every push waits this long before it is answered. */
    public void delay(Duration delay) {
        this.delayMillis = delay.toMillis();
    }

    /** Whether {@code /ready} answers 200 (or 503). */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** Every stored entry, stream by stream in arrival order. */
    public synchronized List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        streams.values().forEach(all::addAll);
        return all;
    }

    /** The label sets of the streams that exist. */
    public synchronized List<Map<String, String>> streams() {
        return List.copyOf(streams.keySet());
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Entries that Loki would have ignored as exact duplicates (same stream, timestamp and line). */
    public synchronized int duplicates() {
        return duplicates;
    }

    /**
     * Waits until the server holds {@code count} entries or more, and returns them; fails after {@code timeout},
     * saying how many it holds, how many it ignored as duplicates and what it refused.
     */
    public List<Entry> awaitEntries(int count, Duration timeout) throws IOException {
        try {
            Await.until(count + " entries stored in Loki", this::size, n -> n >= count, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; duplicates ignored: " + duplicates() + "; refused pushes: "
                    + requests().stream().filter(r -> r.status() >= 300).toList(), e);
        }
        return entries();
    }

    private synchronized int size() {
        return streams.values().stream().mapToInt(List::size).sum();
    }

    private void ready(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (ready) {
            respond(exchange, 200, "ready");
        } else {
            respond(exchange, 503, "Ingester not ready: waiting for 15s after being ready");
        }
    }

    private void push(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        sleep(delayMillis);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        int status;
        String answer;
        int entries = 0;
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw new Refused(405, "method not allowed");
            }
            JsonNode body = parse(raw, contentType, encoding);
            List<Entry> pushed = validate(body);
            entries = pushed.size();
            Integer failure = nextScripted();
            if (failure != null) {
                throw new Refused(failure, failureText(failure));
            }
            String ignored = store(pushed);
            status = ignored.isEmpty() ? 204 : 400;
            answer = ignored;
        } catch (Refused e) {
            status = e.status;
            answer = e.getMessage();
        }
        synchronized (this) {
            requests.add(new Request(status, contentType, encoding,
                    exchange.getRequestHeaders().getFirst("X-Scope-OrgID"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRemoteAddress().getPort(), entries, answer));
        }
        respond(exchange, status, answer);
    }

    private synchronized Integer nextScripted() {
        return scripted.pollFirst();
    }

    private static String failureText(int status) {
        return switch (status) {
            case 429 -> "Ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec)";
            case 503 -> "Ingester not ready";
            case 500 -> "rpc error: code = Internal";
            default -> "refused by the test server";
        };
    }

    private static JsonNode parse(byte[] raw, String contentType, String encoding) throws Refused {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            // a real Loki decodes anything else as protobuf and fails on JSON
            throw new Refused(400, "unsupported Content-Type " + contentType + " (this server speaks JSON)");
        }
        InputStream in = new ByteArrayInputStream(raw);
        try {
            if ("gzip".equalsIgnoreCase(encoding)) {
                in = new GZIPInputStream(in);
            } else if (encoding != null && !encoding.isEmpty()) {
                throw new Refused(400, "Content-Encoding " + encoding + " not supported");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new Refused(400, "loghttp.PushRequest: " + e.getMessage());
        }
    }

    private static List<Entry> validate(JsonNode body) throws Refused {
        JsonNode streams = body == null ? null : body.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new Refused(400, "body must be an object with a \"streams\" array");
        }
        List<Entry> entries = new ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (JsonNode stream : streams) {
            Map<String, String> labels = labels(stream.get("stream"));
            JsonNode values = stream.get("values");
            if (values == null || !values.isArray()) {
                throw new Refused(400, "stream " + labels + " has no \"values\" array");
            }
            for (JsonNode value : values) {
                entries.add(entry(labels, value, now));
            }
        }
        return entries;
    }

    private static Map<String, String> labels(JsonNode stream) throws Refused {
        if (stream == null || !stream.isObject() || stream.isEmpty()) {
            throw new Refused(400, "error at least one label pair is required per stream");
        }
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : stream.properties()) {
            checkName(e.getKey(), "label");
            if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
                throw new Refused(400, "label " + e.getKey() + " must have a non-empty string value");
            }
            labels.put(e.getKey(), e.getValue().asText());
        }
        if (labels.size() > MAX_LABELS) {
            throw new Refused(400, "stream '" + labels + "' has " + labels.size() + " label names; limit "
                    + MAX_LABELS);
        }
        return labels;
    }

    private static void checkName(String name, String what) throws Refused {
        if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new Refused(400, "invalid " + what + " name " + name);
        }
    }

    private static Entry entry(Map<String, String> labels, JsonNode value, long now) throws Refused {
        if (!value.isArray() || value.size() < 2 || value.size() > 3 || !value.get(0).isTextual()
                || !value.get(1).isTextual()) {
            throw new Refused(400, "entry must be [\"<unix ns>\", \"<line>\"(, {metadata})]: " + value);
        }
        long ts;
        try {
            ts = Long.parseLong(value.get(0).asText());
        } catch (NumberFormatException e) {
            throw new Refused(400, "timestamp is not unix nanoseconds: " + value.get(0));
        }
        if (ts < now - MAX_AGE_NANOS || ts > now + GRACE_NANOS) {
            throw new Refused(400, "entry for stream " + labels + " has timestamp too old or too new: " + ts);
        }
        String line = value.get(1).asText();
        if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
            throw new Refused(400, "line too long");
        }
        return new Entry(labels, ts, line, metadata(value.size() == 3 ? value.get(2) : null));
    }

    private static Map<String, String> metadata(JsonNode node) throws Refused {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new Refused(400, "structured metadata must be an object: " + node);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            checkName(e.getKey(), "structured metadata");
            if (!e.getValue().isTextual()) {
                throw new Refused(400, "structured metadata " + e.getKey() + " must be a string");
            }
            metadata.put(e.getKey(), e.getValue().asText());
        }
        return metadata;
    }

    /** Stores entries in timestamp order per stream; returns Loki's error text for the refused ones, or "". */
    private synchronized String store(List<Entry> pushed) {
        int refused = 0;
        String example = "";
        for (Entry e : pushed) {
            List<Entry> stream = streams.computeIfAbsent(e.labels(), k -> new ArrayList<>());
            Entry last = stream.isEmpty() ? null : stream.get(stream.size() - 1);
            if (last != null && e.timestampNanos() < last.timestampNanos()) {
                refused++;
                example = "entry with timestamp " + e.timestampNanos() + " ignored, reason: 'entry out of order'"
                        + " for stream: " + e.labels();
            } else if (last != null && e.timestampNanos() == last.timestampNanos() && e.line().equals(last.line())) {
                duplicates++;
            } else {
                stream.add(e);
            }
        }
        return refused == 0 ? "" : example + ",\ntotal ignored: " + refused + " out of " + pushed.size();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (status == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A push that the server refuses, with Loki's status and a message like Loki's. */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
