package io.conntrackd.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (the {@code kafka_2.13} artifact of the kafka-clients version we build on) run
 * by a test as a single-node KRaft cluster on loopback, in its own JVM started from the test classpath:
 * {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}. Its log (through
 * the daemon's slf4j backend on the test classpath, as text lines from INFO up; the test JVM's own logging
 * is untouched) goes to {@code broker.log} in its directory.
 *
 * <p>Clients reach it on one listener whose protocol is the {@link Security} asked for: PLAINTEXT; SSL
 * with a certificate for 127.0.0.1 from a throw-away CA ({@link #caFile()}); SASL_PLAINTEXT or SASL_SSL
 * with the mechanisms SCRAM-SHA-512 (the user is created at format time) and PLAIN, both for
 * {@link #USER}/{@link #PASSWORD}. {@link #startRequiringClientCertificates} makes the SSL listener turn away
 * clients without a certificate from that CA ({@code ssl.client.auth=required}); {@link #clientKeyStore()}
 * holds one. Brokers and the controller talk over listeners of their own.
 * {@link #stop()} and {@link #start()} take it down and bring it back with its data, ports and
 * certificates.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The protocol of the listener clients use. */
    public enum Security {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        boolean tls() {
            return this == SSL || this == SASL_SSL;
        }

        boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }
    }

    /** The SASL user, for SCRAM-SHA-512 and PLAIN. */
    public static final String USER = "conntrackd";
    public static final String PASSWORD = "kafka-test-secret";
    public static final String SCRAM = "SCRAM-SHA-512";
    /** The password of {@link #clientKeyStore()} and of the key in it. */
    public static final String KEY_STORE_PASSWORD = "client-store-secret";

    /** Ample for a JVM to start and a KRaft node to elect itself on a loaded 2-core machine (~3 s idle). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String STARTED = "Kafka Server started";

    private final Path dir;
    private final Security security;
    private final int port;
    private final TestCertificates certificates;
    private final Path clientKeyStore;
    private final Path properties;
    private final Path log;
    private Process process;

    private KafkaBroker(Path dir, Security security, TestCertificates certificates, Path clientKeyStore)
            throws IOException {
        this.dir = dir;
        this.security = security;
        this.port = LoopbackPorts.freeTcpPort();
        this.certificates = certificates;
        this.clientKeyStore = clientKeyStore;
        this.properties = dir.resolve("server.properties");
        this.log = dir.resolve("broker.log");
    }

    /** Formats and starts a broker in {@code dir} with a PLAINTEXT listener and broker defaults. */
    public static KafkaBroker start(Path dir) throws IOException {
        return start(dir, Security.PLAINTEXT, Map.of());
    }

    /**
     * Formats and starts a broker in {@code dir} (an empty directory), waiting until it serves clients.
     *
     * @param overrides broker settings beside ours, e.g. {@code auto.create.topics.enable=false}
     */
    public static KafkaBroker start(Path dir, Security security, Map<String, String> overrides) throws IOException {
        TestCertificates certificates = security.tls() ? TestCertificates.create(dir) : null;
        return formatAndStart(new KafkaBroker(dir, security, certificates, null), overrides);
    }

    /**
     * Formats and starts a broker in {@code dir} (an empty directory) with an SSL listener that requires a
     * client certificate from its CA, and makes one in {@link #clientKeyStore()}.
     */
    public static KafkaBroker startRequiringClientCertificates(Path dir) throws IOException {
        TestCertificates certificates = TestCertificates.create(dir);
        Path clientKeyStore = certificates.clientKeyStore(KEY_STORE_PASSWORD);
        return formatAndStart(new KafkaBroker(dir, Security.SSL, certificates, clientKeyStore), Map.of());
    }

    private static KafkaBroker formatAndStart(KafkaBroker broker, Map<String, String> overrides) throws IOException {
        Files.writeString(broker.properties, broker.serverProperties(overrides), StandardCharsets.UTF_8);
        broker.format();
        broker.start();
        return broker;
    }

    /** {@code 127.0.0.1:PORT}: the client listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Security security() {
        return security;
    }

    /** The CA that signed the broker's certificate (PEM), or null without TLS. */
    public Path caFile() {
        return certificates == null ? null : certificates.caFile();
    }

    /**
     * A PKCS12 key store ({@link #KEY_STORE_PASSWORD}) with a client certificate from the broker's CA, or null
     * when the broker does not require one.
     */
    public Path clientKeyStore() {
        return clientKeyStore;
    }

    /**
     * What a client needs to connect and authenticate: bootstrap servers, protocol, trust, client certificate,
     * SCRAM login.
     */
    public Map<String, Object> clientConfig() {
        return clientConfig(SCRAM, PASSWORD);
    }

    /** {@link #clientConfig()} with this SASL mechanism and password. */
    public Map<String, Object> clientConfig(String mechanism, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        config.put("security.protocol", security.name());
        if (security.tls()) {
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", caFile().toString());
        }
        if (clientKeyStore != null) {
            config.put("ssl.keystore.type", "PKCS12");
            config.put("ssl.keystore.location", clientKeyStore.toString());
            config.put("ssl.keystore.password", KEY_STORE_PASSWORD);
        }
        if (security.sasl()) {
            config.put("sasl.mechanism", mechanism);
            config.put("sasl.jaas.config", loginModule(mechanism) + " required username=\"" + USER
                    + "\" password=\"" + password + "\";");
        }
        return config;
    }

    /** Starts the formatted broker (again) and waits until it serves clients; fails with its log if not. */
    public void start() throws IOException {
        List<String> command = java("kafka.Kafka", properties.toString());
        // the log is appended to: a restart must not take the earlier run's started line for its own
        int logStart = log().length();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!serving(logStart)) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String why = process.isAlive() ? "did not start within " + START_TIMEOUT
                        : "exited with " + process.exitValue();
                stop();
                throw new AssertionError("Kafka broker " + why + "; its log " + log + ":\n" + log());
            }
            TestNamespace.sleep(100);
        }
    }

    /** Stops the broker (SIGTERM to its PID, SIGKILL after 30 s) and waits until it has exited. */
    public void stop() throws IOException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the Kafka broker " + process.pid());
        }
    }

    /** Whether the broker process is running. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** What the broker logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    /** Whether the broker logged that it started after {@code logStart} characters of its log, and accepts. */
    private boolean serving(int logStart) throws IOException {
        if (log().indexOf(STARTED, logStart) < 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void format() throws IOException {
        List<String> command = java("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString());
        if (security.sasl()) {
            command.addAll(List.of("--add-scram", SCRAM + "=[name=" + USER + ",password=" + PASSWORD + "]"));
        }
        Command.Result formatted = Command.run(START_TIMEOUT, command);
        if (formatted.exitCode() != 0) {
            throw new AssertionError("formatting the Kafka broker's storage failed: " + formatted.output());
        }
    }

    private String serverProperties(Map<String, String> overrides) throws IOException {
        int controllerPort = LoopbackPorts.freeTcpPort();
        int internalPort = LoopbackPorts.freeTcpPort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "CLIENT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
        p.put("listener.security.protocol.map", "CLIENT:" + security + ",INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        if (security.tls()) {
            Path keyStore = dir.resolve("server-keystore.pem");
            Files.writeString(keyStore, Files.readString(certificates.keyFile())
                    + Files.readString(certificates.certificateFile()), StandardCharsets.US_ASCII);
            p.put("listener.name.client.ssl.keystore.type", "PEM");
            p.put("listener.name.client.ssl.keystore.location", keyStore.toString());
        }
        if (clientKeyStore != null) {
            p.put("listener.name.client.ssl.client.auth", "required");
            p.put("listener.name.client.ssl.truststore.type", "PEM");
            p.put("listener.name.client.ssl.truststore.location", caFile().toString());
        }
        if (security.sasl()) {
            p.put("sasl.enabled.mechanisms", SCRAM + ",PLAIN");
            p.put("listener.name.client.scram-sha-512.sasl.jaas.config", loginModule(SCRAM) + " required;");
            p.put("listener.name.client.plain.sasl.jaas.config", loginModule("PLAIN") + " required user_" + USER
                    + "=\"" + PASSWORD + "\";");
        }
        p.putAll(overrides);
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }

    private static String loginModule(String mechanism) {
        return mechanism.toUpperCase(Locale.ROOT).startsWith("SCRAM")
                ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
    }

    /** A command line that runs {@code mainClass} in a JVM of its own on the test classpath. */
    private static List<String> java(String mainClass, String... args) {
        // surefire and failsafe start the test JVM with a manifest-only jar; the real classpath is here
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp",
                classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }
}
