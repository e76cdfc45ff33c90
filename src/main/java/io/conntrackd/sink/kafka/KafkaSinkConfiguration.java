package io.conntrackd.sink.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.conntrackd.sink.AtLeast;
import io.conntrackd.sink.BufferedSinkConfiguration;
import io.conntrackd.sink.InvalidOptionException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The Kafka sink's options. They map onto camel-kafka's {@code KafkaConfiguration} ({@link KafkaClientSettings}),
 * which builds the producer's properties; the secrets (SASL and store passwords) are options of the component
 * only. The defaults lose nothing the broker acknowledged: acks from every in-sync replica, idempotence on.
 */
@UriParams
public class KafkaSinkConfiguration extends BufferedSinkConfiguration {

    /** How the events are compressed on their way to the broker (and stored there). */
    public enum Compression {
        NONE, GZIP, SNAPPY, LZ4, ZSTD
    }

    /** What each record's key is: events with the same key go to the same partition, in order. */
    public enum RecordKey {
        /** The flow id: every event of one flow in one partition, in kernel order. */
        FLOW,
        /** The source address: all flows a client opens in one partition. */
        SOURCE,
        /** The destination address. */
        DESTINATION,
        /** No key: the producer spreads the records over the partitions (sticky batches). */
        NONE
    }

    /** The SASL mechanism to log in with, or none. */
    public enum SaslMechanism {
        NONE, PLAIN, SCRAM_SHA_256, SCRAM_SHA_512
    }

    private static final Set<String> ACKS = Set.of("all", "-1", "1", "0");

    /**
     * The most events one record may hold: enough to spread the producer's cost per record, few enough that
     * a record is rarely cut for its bytes (KafkaRecords.MAX_GROUPED_VALUE_BYTES).
     */
    public static final int MAX_EVENTS_PER_RECORD = 1000;

    @UriPath(defaultValue = "conntrack", description = "The topic the events go to.")
    private String topic = "conntrack";

    @UriParam(defaultValue = "localhost:9092",
              description = "The brokers to connect to first: comma-separated host:port pairs ([v6]:port for IPv6)."
                            + " The client learns the rest of the cluster from them.")
    private String brokers = "localhost:9092";

    @UriParam(defaultValue = "lz4", enums = "none,gzip,snappy,lz4,zstd",
              description = "Compression of record batches. lz4 costs the least CPU per event; zstd makes half the"
                            + " bytes for twice the CPU (docs/performance.md).")
    private Compression compression = Compression.LZ4;

    @UriParam(defaultValue = "all",
              description = "Acknowledgements a record needs to count as delivered: all (every in-sync replica),"
                            + " 1 (the partition leader) or 0 (none: sent is delivered).")
    private String acks = "all";

    @UriParam(defaultValue = "true",
              description = "Idempotent producer: a record retried after a lost acknowledgement is stored once, in"
                            + " order. Needs acks=all.")
    private boolean idempotence = true;

    @UriParam(defaultValue = "flow", enums = "flow,source,destination,none",
              description = "The record key, which picks the partition: flow (the flow id, so that each flow's"
                            + " events stay in one partition in kernel order), source or destination (the address),"
                            + " or none.")
    private RecordKey key = RecordKey.FLOW;

    @UriParam(defaultValue = "1",
              description = "Events per record: 1 sends each event as a record of its own; up to 1000 groups the"
                            + " events of one write into records of that many at most, each holding events of one"
                            + " partition (the partition of each event's key), their JSON lines separated by"
                            + " newlines. Fewer records cost less CPU per event; consumers split the values"
                            + " (docs/kafka.md).")
    @AtLeast(1)
    private int eventsPerRecord = 1;

    @UriParam(label = "batch", defaultValue = "5",
              description = "How long a batch may wait for more records before it is sent, in milliseconds.")
    @AtLeast(0)
    private long linger = 5;

    @UriParam(label = "batch", defaultValue = "262144",
              description = "Largest batch of records per partition in bytes (after compression).")
    @AtLeast(1)
    private int batchBytes = 256 * 1024;

    @UriParam(label = "batch", defaultValue = "33554432",
              description = "Bytes of records held while the brokers are slow or down; a record that finds no room"
                            + " within max-block is dropped and counted.")
    @AtLeast(option = "batchBytes")
    private long bufferBytes = 32L * 1024 * 1024;

    @UriParam(label = "batch", defaultValue = "100",
              description = "How long sending a record may wait for room in the buffer (or for the topic's"
                            + " partitions), in milliseconds. Short, so that an outage fills the buffer instead of"
                            + " holding up the sink.")
    @AtLeast(0)
    private long maxBlock = 100;

    @UriParam(label = "batch", defaultValue = "120000",
              description = "How long a record may wait for its acknowledgement, retries included, in milliseconds;"
                            + " then it counts as failed. An outage shorter than this loses nothing the buffer holds;"
                            + " with the disk buffer, records wait for Kafka without limit.")
    @AtLeast(1000)
    private long deliveryTimeout = 120_000;

    @UriParam(defaultValue = "10000",
              description = "Startup check: how long to wait for the cluster's metadata and the topic's partitions, in"
                            + " milliseconds.")
    @AtLeast(1)
    private long timeout = 10_000;

    @UriParam(defaultValue = "conntrackd", description = "The client id the brokers see (logs, quotas, metrics).")
    private String clientId = "conntrackd";

    @UriParam(description = "The host header of every record. Default: the kernel's host name.")
    private String hostname;

    @UriParam(label = "security", defaultValue = "false", description = "Connect to the brokers over TLS.")
    private boolean tls;

    @UriParam(label = "security",
              description = "With TLS: a PEM file with the CA certificate(s) the brokers' certificates must chain to."
                            + " Default: the JVM's trust store.")
    private String caFile;

    @UriParam(label = "security",
              description = "With TLS: a trust store (PKCS12 or JKS) instead of ca-file; its password is a secret of"
                            + " the component.")
    private String trustStore;

    @UriParam(label = "security",
              description = "With TLS: a key store (PKCS12 or JKS) with the client certificate and key, for brokers"
                            + " that authenticate clients by certificate; its password is a secret of the component.")
    private String keyStore;

    @UriParam(label = "security", defaultValue = "none", enums = "none,plain,scram-sha-256,scram-sha-512",
              description = "SASL mechanism to log in with; the password is a secret of the component.")
    private SaslMechanism saslMechanism = SaslMechanism.NONE;

    @UriParam(label = "security", description = "SASL user name.")
    private String saslUsername;

    @Override
    public KafkaSinkConfiguration copy() {
        return (KafkaSinkConfiguration) super.copy();
    }

    /** Also checks the topic, the broker list, acks and that the security options go together. */
    @Override
    public void validate() {
        super.validate();
        if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new InvalidOptionException("topic", topic, "{} is not a Kafka topic name (1 to 249 of a-z, A-Z,"
                    + " 0-9, '.', '_' and '-')");
        }
        brokerList();
        if (eventsPerRecord > MAX_EVENTS_PER_RECORD) {
            throw new InvalidOptionException("eventsPerRecord", eventsPerRecord, "{}: must be at most "
                    + MAX_EVENTS_PER_RECORD + " (a record of more events could exceed Kafka's largest request)");
        }
        if (!ACKS.contains(acks)) {
            throw new InvalidOptionException("acks", acks, "{}: must be all, 1 or 0");
        }
        if (idempotence && !acks.equals("all") && !acks.equals("-1")) {
            throw new InvalidOptionException("acks", acks, "{}: {idempotence} needs acks=all");
        }
        if (deliveryTimeout <= linger) {
            throw new InvalidOptionException("deliveryTimeout", deliveryTimeout, "{}: must be longer than {linger}");
        }
        checkTls();
        boolean hasUser = isSet(saslUsername);
        if (saslMechanism == SaslMechanism.NONE && hasUser) {
            throw new InvalidOptionException("saslUsername", saslUsername, "{} needs {saslMechanism}");
        }
        if (saslMechanism != SaslMechanism.NONE && !hasUser) {
            throw new InvalidOptionException("saslMechanism", text(saslMechanism), "{} needs {saslUsername}");
        }
    }

    private void checkTls() {
        requireTls("caFile", caFile);
        requireTls("trustStore", trustStore);
        requireTls("keyStore", keyStore);
        if (isSet(caFile) && isSet(trustStore)) {
            throw new InvalidOptionException("trustStore", trustStore, "give either {caFile} or {}, not both");
        }
    }

    private void requireTls(String option, String value) {
        if (!tls && isSet(value)) {
            throw new InvalidOptionException(option, value, "{} needs {tls}");
        }
    }

    static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * The brokers, checked: each host:port with a port from 1 to 65535.
     *
     * @throws InvalidOptionException naming the entry that is not host:port
     */
    public List<String> brokerList() {
        List<String> list = List.of(brokers == null ? new String[0] : brokers.split(",", -1)).stream()
                .map(String::strip).toList();
        for (String broker : list) {
            int colon = broker.lastIndexOf(':');
            String host = colon < 0 ? "" : broker.substring(0, colon);
            boolean bracketed = host.startsWith("[") && host.endsWith("]");
            if (host.isEmpty() || (host.contains(":") && !bracketed) || !validPort(broker.substring(colon + 1))) {
                throw new InvalidOptionException("brokers", brokers, "{}: \"" + broker + "\" is not host:port"
                        + " (comma-separated, [address]:port for IPv6)");
            }
        }
        return list;
    }

    private static boolean validPort(String port) {
        if (!port.matches("[0-9]{1,5}")) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    /** An enum constant as the settings show it: lower case, - for _. */
    static String text(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getBrokers() {
        return brokers;
    }

    public void setBrokers(String brokers) {
        this.brokers = brokers;
    }

    public Compression getCompression() {
        return compression;
    }

    public void setCompression(Compression compression) {
        this.compression = compression;
    }

    public String getAcks() {
        return acks;
    }

    public void setAcks(String acks) {
        this.acks = acks;
    }

    public boolean isIdempotence() {
        return idempotence;
    }

    public void setIdempotence(boolean idempotence) {
        this.idempotence = idempotence;
    }

    public RecordKey getKey() {
        return key;
    }

    public void setKey(RecordKey key) {
        this.key = key;
    }

    public int getEventsPerRecord() {
        return eventsPerRecord;
    }

    public void setEventsPerRecord(int eventsPerRecord) {
        this.eventsPerRecord = eventsPerRecord;
    }

    public long getLinger() {
        return linger;
    }

    public void setLinger(long linger) {
        this.linger = linger;
    }

    public int getBatchBytes() {
        return batchBytes;
    }

    public void setBatchBytes(int batchBytes) {
        this.batchBytes = batchBytes;
    }

    public long getBufferBytes() {
        return bufferBytes;
    }

    public void setBufferBytes(long bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    public long getMaxBlock() {
        return maxBlock;
    }

    public void setMaxBlock(long maxBlock) {
        this.maxBlock = maxBlock;
    }

    /**
     * The producer's delivery timeout in milliseconds. With the disk buffer a record waits for Kafka without
     * limit (the events wait on disk meanwhile), so that an event leaves the buffer only once Kafka has it.
     */
    long effectiveDeliveryTimeout() {
        return isDiskBuffered() ? Integer.MAX_VALUE : deliveryTimeout;
    }

    public long getDeliveryTimeout() {
        return deliveryTimeout;
    }

    public void setDeliveryTimeout(long deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public boolean isTls() {
        return tls;
    }

    public void setTls(boolean tls) {
        this.tls = tls;
    }

    public String getCaFile() {
        return caFile;
    }

    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }

    public String getTrustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getKeyStore() {
        return keyStore;
    }

    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public SaslMechanism getSaslMechanism() {
        return saslMechanism;
    }

    public void setSaslMechanism(SaslMechanism saslMechanism) {
        this.saslMechanism = saslMechanism;
    }

    public String getSaslUsername() {
        return saslUsername;
    }

    public void setSaslUsername(String saslUsername) {
        this.saslUsername = saslUsername;
    }
}
