package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test Loki must refuse what a real Loki refuses, or the sink tests prove nothing. */
class LokiServerTest {

    private static final long NOW = System.currentTimeMillis() * 1_000_000L;
    private final HttpClient client = HttpClient.newHttpClient();
    private LokiServer server;

    @BeforeEach
    void start() throws IOException {
        server = LokiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private HttpResponse<String> post(byte[] body, String contentType, String encoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.address() + "/loki/api/v1/push"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String push(String labels, String... values) {
        return "{\"streams\":[{\"stream\":" + labels + ",\"values\":[" + String.join(",", values) + "]}]}";
    }

    private static String value(long ts, String line) {
        return "[\"" + ts + "\",\"" + line + "\"]";
    }

    @Test
    void storesAValidPushAndAnswers204() throws Exception {
        HttpResponse<String> r = post(push("{\"job\":\"a\",\"host\":\"h\"}", value(NOW, "one"),
                "[\"" + (NOW + 1) + "\",\"two\",{\"flow\":\"7\"}]"));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(server.entries()).containsExactly(
                new LokiServer.Entry(Map.of("job", "a", "host", "h"), NOW, "one", Map.of()),
                new LokiServer.Entry(Map.of("job", "a", "host", "h"), NOW + 1, "two", Map.of("flow", "7")));
    }

    @Test
    void decodesGzip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(push("{\"job\":\"a\"}", value(NOW, "zipped")).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(post(bytes.toByteArray(), "application/json", "gzip").statusCode()).isEqualTo(204);
        assertThat(server.entries()).extracting(LokiServer.Entry::line).containsExactly("zipped");
        assertThat(server.requests()).extracting(LokiServer.Request::contentEncoding).containsExactly("gzip");
    }

    @Test
    void refusesGzipThatWasNotAnnounced() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(push("{\"job\":\"a\"}", value(NOW, "zipped")).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(post(bytes.toByteArray(), "application/json", null).statusCode()).isEqualTo(400);
        assertThat(server.entries()).isEmpty();
    }

    @Test
    void refusesOtherContentTypes() throws Exception {
        byte[] body = push("{\"job\":\"a\"}", value(NOW, "x")).getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, "application/x-protobuf", null).statusCode()).isEqualTo(400);
        assertThat(post(body, "text/plain", null).statusCode()).isEqualTo(400);
        assertThat(server.entries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "__name__", "a.b", ""})
    void refusesInvalidLabelNames(String name) throws Exception {
        HttpResponse<String> r = post(push("{\"" + name + "\":\"v\"}", value(NOW, "x")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(server.entries()).isEmpty();
    }

    @Test
    void refusesMoreThan15LabelsButTakes15() throws Exception {
        StringBuilder labels = new StringBuilder("{\"l0\":\"v\"");
        for (int i = 1; i < 15; i++) {
            labels.append(",\"l").append(i).append("\":\"v\"");
        }
        assertThat(post(push(labels + "}", value(NOW, "x"))).statusCode()).isEqualTo(204);
        assertThat(post(push(labels + ",\"l15\":\"v\"}", value(NOW + 1, "y"))).statusCode()).isEqualTo(400);
        assertThat(server.entries()).extracting(LokiServer.Entry::line).containsExactly("x");
    }

    @Test
    void refusesEmptyLabelSetsAndEmptyValues() throws Exception {
        assertThat(post(push("{}", value(NOW, "x"))).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"\"}", value(NOW, "x"))).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":1}", value(NOW, "x"))).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesMalformedBodiesAndEntries() throws Exception {
        assertThat(post("{\"streams\":{}}").statusCode()).isEqualTo(400);
        assertThat(post("{\"stream\":[]}").statusCode()).isEqualTo(400);
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", "[" + NOW + ",\"numeric ts\"]")).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", "[\"x" + NOW + "\",\"bad ts\"]")).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", "[\"" + NOW + "\"]")).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", "[\"" + NOW + "\",\"x\",{\"n\":1}]")).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", "[\"" + NOW + "\",\"x\",{\"a-b\":\"1\"}]")).statusCode())
                .isEqualTo(400);
        assertThat(server.entries()).isEmpty();
    }

    @Test
    void refusesTimestampsOutsideTheAcceptedWindow() throws Exception {
        long day = 86_400_000_000_000L;
        assertThat(post(push("{\"a\":\"b\"}", value(NOW - 8 * day, "old"))).statusCode()).isEqualTo(400);
        assertThat(post(push("{\"a\":\"b\"}", value(NOW + day, "future"))).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesOutOfOrderEntriesPerStreamAndKeepsTheRest() throws Exception {
        assertThat(post(push("{\"a\":\"b\"}", value(NOW + 10, "first"))).statusCode()).isEqualTo(204);
        HttpResponse<String> r = post(push("{\"a\":\"b\"}", value(NOW + 5, "older"), value(NOW + 10, "same ts"),
                value(NOW + 11, "newer")));
        // another stream has its own order
        assertThat(post(push("{\"a\":\"c\"}", value(NOW, "other stream"))).statusCode()).isEqualTo(204);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("entry out of order").contains("total ignored: 1 out of 3");
        assertThat(server.entries()).extracting(LokiServer.Entry::line)
                .containsExactly("first", "same ts", "newer", "other stream");
    }

    @Test
    void ignoresExactDuplicatesAndCountsThem() throws Exception {
        post(push("{\"a\":\"b\"}", value(NOW, "x")));
        assertThat(post(push("{\"a\":\"b\"}", value(NOW, "x"))).statusCode()).isEqualTo(204);
        assertThat(server.entries()).hasSize(1);
        assertThat(server.duplicates()).isEqualTo(1);
    }

    @Test
    void answersScriptedFailuresWithoutStoring() throws Exception {
        server.answer(429, 1);
        server.answer(503, 1);
        String body = push("{\"a\":\"b\"}", value(NOW, "x"));
        assertThat(post(body).statusCode()).isEqualTo(429);
        assertThat(post(body).statusCode()).isEqualTo(503);
        assertThat(server.entries()).isEmpty();
        assertThat(post(body).statusCode()).isEqualTo(204);
        assertThat(server.entries()).hasSize(1);
        assertThat(server.requests()).extracting(LokiServer.Request::status).containsExactly(429, 503, 204);
    }

    @Test
    void goesDownAndComesBackOnTheSamePort() throws Exception {
        int port = server.port();
        server.down();
        assertThatThrownBy(() -> post(push("{\"a\":\"b\"}", value(NOW, "x")))).isInstanceOf(ConnectException.class);
        server.up();
        assertThat(server.port()).isEqualTo(port);
        assertThat(post(push("{\"a\":\"b\"}", value(NOW, "x"))).statusCode()).isEqualTo(204);
    }

    @Test
    void answersReady() throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(server.address() + "/ready")).build();
        assertThat(client.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        server.ready(false);
        assertThat(client.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    }
}
