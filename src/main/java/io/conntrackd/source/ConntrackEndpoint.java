package io.conntrackd.source;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.conntrackd.conntrack.EventType;
import io.conntrackd.conntrack.Protocol;
import io.conntrackd.conntrack.ReaderOptions;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Receives netfilter conntrack events (NEW, UPDATE, DESTROY of TCP and UDP flows) from the kernel over
 * a netlink socket. The body is a {@code ConntrackEvent}, or an immutable {@code List<ConntrackEvent>}
 * when {@code batchSize} is above 1. For JMX its MBean shows, over its consumers, the events waiting between
 * reader and route and the events delivered to the route, failed in it and dropped before it.
 */
@ManagedResource(description = "conntrack events from the kernel: the hand-off queue and the events delivered,"
                               + " failed and dropped")
@UriEndpoint(firstVersion = "0.1.0", scheme = "conntrack", title = "Conntrack", syntax = "conntrack:name",
             consumerOnly = true, remote = false, category = {Category.MONITORING, Category.NETWORKING},
             headersClass = ConntrackConstants.class)
public class ConntrackEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for this event source; it only labels the endpoint (e.g. events).")
    @Metadata(required = true)
    private String name;

    @UriParam(defaultValue = "NEW,UPDATE,DESTROY",
              description = "Comma-separated event types to receive: NEW, UPDATE, DESTROY. Only these kernel"
                            + " multicast groups are joined.")
    private String eventTypes = "NEW,UPDATE,DESTROY";

    @UriParam(defaultValue = "TCP,UDP",
              description = "Comma-separated transport protocols to pass on: TCP, UDP. Events of other protocols"
                            + " (ICMP, SCTP, ...) are never passed on.")
    private String protocols = "TCP,UDP";

    @UriParam(defaultValue = "33554432",
              description = "Netlink receive buffer in bytes, forced with SO_RCVBUFFORCE (falls back to SO_RCVBUF,"
                            + " capped by net.core.rmem_max, without CAP_NET_ADMIN). Large enough for bursts of"
                            + " DESTROY events: each queued event takes about 1.3 KB.")
    private int receiveBufferSize = 32 * 1024 * 1024;

    @UriParam(description = "Path of a network namespace to listen in, e.g. /var/run/netns/NAME. Entered with"
                            + " setns() on a dedicated thread only while the socket is created. Empty: the"
                            + " namespace of the process.")
    private String netns;

    @UriParam(defaultValue = "true",
              description = "Also hear the conntrack events of the other network namespaces that have an id in the"
                            + " one listened in (containers, ip netns; NETLINK_LISTEN_ALL_NSID, as the original"
                            + " conntrackd): each such event carries the namespace's id and, where /var/run/netns"
                            + " names it, its name. Needs CAP_NET_BROADCAST; without it a warning says so and only"
                            + " the namespace listened in is heard.")
    private boolean allNamespaces = true;

    @UriParam(defaultValue = "1",
              description = "Events per exchange. 1 sends one exchange per event (body: the event); above 1 the"
                            + " body is an immutable list of the events waiting when the route is ready for more,"
                            + " up to this many: one event when the system is quiet, bigger batches under load."
                            + " Batches make routing nearly free per event.")
    private int batchSize = 1;

    @UriParam(defaultValue = "65536",
              description = "How many events may wait between the netlink reader thread and the route. When full,"
                            + " the reader waits and the kernel's socket buffer absorbs the burst; what overflows"
                            + " it is counted by the kernel and reported.")
    private int queueCapacity = 65536;

    @UriParam(label = "advanced", defaultValue = "200",
              description = "How long one receive call waits for events, in milliseconds; bounds how quickly the"
                            + " consumer notices a stop request.")
    private long pollTimeout = 200;

    public ConntrackEndpoint(String uri, ConntrackComponent component) {
        super(uri, component);
    }

    @Override
    public ConntrackComponent getComponent() {
        return (ConntrackComponent) super.getComponent();
    }

    /** The consumers of this endpoint that are started, and what those that stopped had done. */
    private final List<ConntrackConsumer> started = new CopyOnWriteArrayList<>();
    private final LongAdder stoppedDelivered = new LongAdder();
    private final LongAdder stoppedFailed = new LongAdder();
    private final LongAdder stoppedDropped = new LongAdder();

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ConntrackConsumer consumer = new ConntrackConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("the conntrack endpoint " + getEndpointUri() + " only consumes");
    }

    void consumerStarted(ConntrackConsumer consumer) {
        started.add(consumer);
    }

    void consumerStopped(ConntrackConsumer consumer) {
        if (started.remove(consumer)) {
            ConntrackConsumerStats stats = consumer.stats();
            stoppedDelivered.add(routed(stats));
            stoppedFailed.add(stats.failed());
            stoppedDropped.add(dropped(stats));
        }
    }

    @ManagedAttribute(description = "Events waiting between the netlink reader and the route")
    public long getQueueDepth() {
        return started.stream().mapToLong(c -> c.stats().queued()).sum();
    }

    @ManagedAttribute(description = "Events received from the kernel and routed")
    public long getDelivered() {
        return stoppedDelivered.sum() + started.stream().mapToLong(c -> routed(c.stats())).sum();
    }

    @ManagedAttribute(description = "Events in exchanges the route failed on")
    public long getFailed() {
        return stoppedFailed.sum() + started.stream().mapToLong(c -> c.stats().failed()).sum();
    }

    @ManagedAttribute(description = "Events lost before the route: dropped by the kernel (receive buffer full)"
                                    + " or left unrouted when the consumer stopped")
    public long getDropped() {
        return stoppedDropped.sum() + started.stream().mapToLong(c -> dropped(c.stats())).sum();
    }

    private static long routed(ConntrackConsumerStats s) {
        return s.reader().eventsDelivered() - s.queued() - s.failed() - s.unrouted();
    }

    private static long dropped(ConntrackConsumerStats s) {
        return s.kernelDrops() + s.unrouted();
    }

    /** Checks the options, so that a bad URI fails when the route is created. */
    void validate() {
        readerOptions();
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
        }
    }

    /** How this endpoint's consumers open the netlink socket: its options as the reader takes them. */
    public ReaderOptions readerOptions() {
        return ReaderOptions.defaults()
                .withEventTypes(parseSet(eventTypes, EventType.class, "eventTypes"))
                .withProtocols(parseSet(protocols, Protocol.class, "protocols"))
                .withReceiveBufferSize(receiveBufferSize)
                .withNetns(netns == null || netns.isBlank() ? null : netns)
                .withAllNamespaces(allNamespaces)
                .withPollTimeout(Duration.ofMillis(pollTimeout));
    }

    private static <E extends Enum<E>> Set<E> parseSet(String list, Class<E> type, String option) {
        Set<E> result = EnumSet.noneOf(type);
        for (String item : list.split(",")) {
            String name = item.trim().toUpperCase(Locale.ROOT);
            try {
                result.add(Enum.valueOf(type, name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": unknown value \"" + item.trim() + "\" (expected "
                        + EnumSet.allOf(type) + ")", e);
            }
        }
        return result;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes;
    }

    public String getProtocols() {
        return protocols;
    }

    public void setProtocols(String protocols) {
        this.protocols = protocols;
    }

    public int getReceiveBufferSize() {
        return receiveBufferSize;
    }

    public void setReceiveBufferSize(int receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
    }

    public String getNetns() {
        return netns;
    }

    public void setNetns(String netns) {
        this.netns = netns;
    }

    public boolean isAllNamespaces() {
        return allNamespaces;
    }

    public void setAllNamespaces(boolean allNamespaces) {
        this.allNamespaces = allNamespaces;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public long getPollTimeout() {
        return pollTimeout;
    }

    public void setPollTimeout(long pollTimeout) {
        this.pollTimeout = pollTimeout;
    }
}
