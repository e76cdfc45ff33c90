package io.conntrackd.conntrack;
import java.time.Duration;
import java.util.Set;
// TEMP STUB until the netlink branch lands
public record ReaderOptions(Set<EventType> eventTypes, Set<Protocol> protocols, int receiveBufferSize, String netns, Duration pollTimeout, int messagesPerRead) {
    public static ReaderOptions defaults() { return new ReaderOptions(Set.of(EventType.values()), Set.of(Protocol.values()), 32 << 20, null, Duration.ofMillis(200), 64); }
    public ReaderOptions withEventTypes(Set<EventType> v) { return new ReaderOptions(v, protocols, receiveBufferSize, netns, pollTimeout, messagesPerRead); }
    public ReaderOptions withProtocols(Set<Protocol> v) { return new ReaderOptions(eventTypes, v, receiveBufferSize, netns, pollTimeout, messagesPerRead); }
    public ReaderOptions withReceiveBufferSize(int v) { return new ReaderOptions(eventTypes, protocols, v, netns, pollTimeout, messagesPerRead); }
    public ReaderOptions withNetns(String v) { return new ReaderOptions(eventTypes, protocols, receiveBufferSize, v, pollTimeout, messagesPerRead); }
    public ReaderOptions withPollTimeout(Duration v) { return new ReaderOptions(eventTypes, protocols, receiveBufferSize, netns, v, messagesPerRead); }
}
