package io.conntrackd.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves metrics and health over HTTP with the JDK's own server, on one thread:
 * <ul>
 *   <li>{@code GET /metrics}: the Prometheus text format (version 0.0.4) of the meter registry;</li>
 *   <li>{@code GET /health/live}, {@code /health/ready}, {@code /health}: Camel's liveness, readiness or all
 *       health checks as JSON, with status 200 when every check is UP and 503 otherwise.</li>
 * </ul>
 * The socket is bound when the server is created, so that a taken port fails startup at once. Until
 * {@link #attach} gives it the started CamelContext, health answers 503 ("starting").
 */
public final class ObserveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObserveServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;
    private final PrometheusMeterRegistry registry;
    private volatile CamelContext context;
    private volatile ConntrackdMeters meters;

    private ObserveServer(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conntrackd-observe");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.createContext("/metrics", guarded(this::metrics));
        server.createContext("/health", guarded(this::health));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                "not found: try /metrics, /health/live or /health/ready\n"));
    }

    /** The handler, answering 500 when it fails (the JDK server would only drop the connection). */
    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
                respond(exchange, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
            }
        };
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws IOException when the address cannot be bound (the port is taken, the address is not local)
     */
    public static ObserveServer start(InetSocketAddress address, PrometheusMeterRegistry registry)
            throws IOException {
        ObserveServer s = new ObserveServer(HttpServer.create(address, 16), registry);
        s.server.start();
        return s;
    }

    /** The address the server listens on (with the port the system chose, if 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Starts answering health from {@code started}'s checks and binds conntrackd's meters. */
    public void attach(CamelContext started) {
        ConntrackdMeters m = ConntrackdMeters.of(started, registry);
        m.bindNew();
        this.meters = m;
        this.context = started;
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!allowed(exchange) || !exact(exchange, "/metrics")) {
            return;
        }
        ConntrackdMeters m = meters;
        if (m != null) {
            m.bindNew(); // a sink that started since the last scrape
        }
        respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        HealthReport.Kind kind = switch (exchange.getRequestURI().getPath()) {
            case "/health", "/health/" -> HealthReport.Kind.ALL;
            case "/health/live" -> HealthReport.Kind.LIVENESS;
            case "/health/ready" -> HealthReport.Kind.READINESS;
            default -> null;
        };
        if (kind == null) {
            respond(exchange, 404, "text/plain; charset=utf-8", "not found: try /health/live or /health/ready\n");
            return;
        }
        HealthReport report = HealthReport.of(context, kind);
        respond(exchange, report.isUp() ? 200 : 503, "application/json", report.toJson());
    }

    private static boolean allowed(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static boolean exact(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestURI().getPath().equals(path)) {
            return true;
        }
        respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
        LOG.debug("metrics and health server stopped");
    }
}
