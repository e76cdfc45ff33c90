package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conntrackd.netlink.NetworkNamespace;
import io.conntrackd.testing.DaemonProcess;
import io.conntrackd.testing.Prerequisites;
import io.conntrackd.testing.TestNamespace;
import io.conntrackd.testing.TestNamespace.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profiler.enable} in the packaged daemon. The daemon runs inside a test namespace, and so
 * does the stand-in Pyroscope server (a JDK HTTP server whose socket is created there), so the
 * profile uploads stay on that namespace's loopback. The agent uploads every second here
 * (PYROSCOPE_UPLOAD_INTERVAL) instead of every ten.
 */
class ProfilerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One request the stand-in server received. */
    record Upload(String method, String path, String query, int bytes) {
    }

    @TempDir
    Path dir;

    @Test
    void uploadsProfilesOfApplicationConntrackdWhileLoggingEvents() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            LinkedBlockingQueue<Upload> uploads = new LinkedBlockingQueue<>();
            HttpServer server = NetworkNamespace.call(ns.path(),
                    () -> HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            server.createContext("/", exchange -> record(exchange, uploads));
            server.start();
            String address = "http://127.0.0.1:" + server.getAddress().getPort();
            try (DaemonProcess daemon = startInside(ns, address)) {
                Upload upload = uploads.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(upload).as("an upload within %s; stderr:%n%s", WAIT, daemon.stderr()).isNotNull();
                assertThat(upload.method()).isEqualTo("POST");
                assertThat(upload.path()).isEqualTo("/ingest");
                assertThat(upload.query()).contains("name=conntrackd", "format=jfr", "spyName=javaspy");
                assertThat(upload.bytes()).isPositive();
                assertThat(daemon.stderr()).contains("profiling to " + address + " as application conntrackd");

                assertEventsStillFlow(ns, daemon);
                assertThat(daemon.terminate(Duration.ofSeconds(5))).isZero();
                assertThat(daemon.stderr()).doesNotContain("ERROR", "Exception", "problem(s)");
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void anUnreachableServerOnlyWarnsAndTheDaemonGoesOn() throws Exception {
        try (TestNamespace ns = TestNamespace.create()) {
            int closedPort = NetworkNamespace.call(ns.path(), () -> {
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                    return s.getLocalPort(); // free again once closed: nothing listens there
                }
            });
            try (DaemonProcess daemon = startInside(ns, "http://127.0.0.1:" + closedPort)) {
                String err = daemon.awaitStderr(s -> s.contains("problem(s) with the Pyroscope agent"), WAIT);
                assertThat(err).contains("WARN").contains("127.0.0.1:" + closedPort);
                assertThat(daemon.process().isAlive()).isTrue();
                assertEventsStillFlow(ns, daemon);
                assertThat(daemon.terminate(Duration.ofSeconds(5))).isZero();
            }
        }
    }

    private DaemonProcess startInside(TestNamespace ns, String profilerAddress) throws IOException {
        List<String> command = new ArrayList<>(List.of(Prerequisites.requireCommand("ip"), "netns", "exec", ns.name(),
                Prerequisites.requireCommand("env"), "PYROSCOPE_UPLOAD_INTERVAL=1s"));
        command.addAll(DaemonProcess.command("run", "--sink.stream.enable", "--profiler.enable",
                "--profiler.address", profilerAddress));
        return DaemonProcess.startCommand(dir, command);
    }

    /** Profiling must not disturb the event stream: stdout still holds only JSON lines of events. */
    private static void assertEventsStillFlow(TestNamespace ns, DaemonProcess daemon) throws IOException {
        Flow flow = ns.tcpFlows("127.0.0.1", 1).get(0);
        daemon.awaitJsonLines("the NEW line of " + flow, l -> l.stream().anyMatch(line -> isNewEventOf(flow, line)),
                Duration.ofSeconds(15));
    }

    private static boolean isNewEventOf(Flow flow, JsonNode line) {
        return line.path("type").asText().equals("NEW") && line.path("src_port").asInt() == flow.sourcePort();
    }

    private static void record(HttpExchange exchange, LinkedBlockingQueue<Upload> uploads) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            int bytes = body.readAllBytes().length;
            uploads.add(new Upload(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), bytes));
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
