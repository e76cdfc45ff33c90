package io.conntrackd.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real syslog server binary started by a test in its own directory, listening on a random free UDP
 * and TCP port on loopback and on a unix datagram socket, that writes every message it parsed to a
 * file as one JSON object per line: what {@link Rsyslog} and {@link SyslogNg} share. Its own output
 * (stdout and stderr) goes to {@code NAME.log} in the directory.
 */
public abstract class SyslogServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String name;
    private final Path dir;
    private final Path output;
    private final int udpPort;
    private final int tcpPort;
    private Process process;

    /**
     * @param name   the server's name in messages and in the log file's name
     * @param output the file the server writes its JSON lines to
     */
    protected SyslogServer(String name, Path dir, Path output) throws IOException {
        this.name = name;
        this.dir = dir;
        this.output = output;
        this.udpPort = freeUdpPort();
        this.tcpPort = freeTcpPort();
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** The unix datagram socket, as /dev/log is for the system's syslog daemon. */
    public Path datagramSocket() {
        return dir.resolve("dgram.sock");
    }

    /** The address of the sink for {@code transport} {@code tcp}, {@code udp} or {@code unixgram}. */
    public String address(String transport) {
        return switch (transport) {
            case "tcp" -> "tcp://127.0.0.1:" + tcpPort;
            case "udp" -> "udp://127.0.0.1:" + udpPort;
            case "unixgram" -> "unixgram://" + datagramSocket();
            default -> throw new IllegalArgumentException("no such transport: " + transport);
        };
    }

    /** The command line that runs the server in the foreground. */
    protected abstract List<String> command();

    /** Environment variables the server needs beside the test's own. */
    protected Map<String, String> environment() {
        return Map.of();
    }

    /** Whether the server is ready to receive, e.g. {@link #ready(List, int...)}. */
    protected abstract boolean listening();

    /** The server's working directory. */
    protected final Path dir() {
        return dir;
    }

    /** The file of JSON lines. */
    protected final Path output() {
        return output;
    }

    /** Starts the server and waits (at most 10 s) until it listens. */
    protected final void launch() throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment());
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IOException(name + " did not start listening: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Whether every socket file exists and every TCP port on loopback accepts a connection. */
    protected static boolean ready(List<Path> sockets, int... tcpPorts) {
        if (!sockets.stream().allMatch(Files::exists)) {
            return false;
        }
        for (int port : tcpPorts) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s), waiting until it has exited. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the server again with the same configuration, ports and sockets. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** Every message received so far. */
    public List<JsonNode> messages() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.exists(output)) {
            return all;
        }
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }

    /** Waits until at least {@code count} received messages match, and returns the matching ones. */
    public List<JsonNode> await(Predicate<JsonNode> filter, int count, Duration timeout) throws IOException {
        return Await.until(count + " matching messages in " + name, () -> messages().stream().filter(filter).toList(),
                m -> m.size() >= count, timeout);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A TCP port on loopback that was free a moment ago. */
    protected static int freeTcpPort() throws IOException {
        return LoopbackPorts.freeTcpPort();
    }

    /** A UDP port on loopback that was free a moment ago. */
    protected static int freeUdpPort() throws IOException {
        return LoopbackPorts.freeUdpPort();
    }
}
