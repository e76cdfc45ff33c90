package io.conntrackd.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.testing.ConntrackMonitor.KernelEvent;

/**
 * One comparable text per event ("NEW TCP 127.0.0.1:5000 > 127.0.0.1:80 SYN_SENT"), whether it
 * comes from our reader, a JSON line we wrote, or {@code conntrack -E}: so tests can check that
 * we delivered exactly what the kernel emitted, in kernel order per flow.
 */
public final class EventKeys {

    private EventKeys() {
    }

    public static String of(ConntrackEvent e) {
        return key(e.type().name(), e.protocol().name(), e.original().source().toString(), e.original().sourcePort(),
                e.original().destination().toString(), e.original().destinationPort(),
                e.tcpState() == null ? null : e.tcpState().name());
    }

    public static String of(KernelEvent e) {
        return key(e.type().toUpperCase(Locale.ROOT), e.protocol() == 6 ? "TCP" : "UDP", e.source(), e.sourcePort(),
                e.destination(), e.destinationPort(), e.state());
    }

    /** From a JSON line in the original's stream format. */
    public static String of(JsonNode line) {
        return key(line.get("type").asText(), line.get("prot").asText(), line.get("src_addr").asText(),
                line.get("src_port").asInt(), line.get("dst_addr").asText(), line.get("dst_port").asInt(),
                line.has("tcp_state") ? line.get("tcp_state").asText() : null);
    }

    private static String key(String type, String protocol, String src, int sport, String dst, int dport, String state) {
        return type + " " + protocol + " " + src + ":" + sport + " > " + dst + ":" + dport
                + (state == null ? "" : " " + state);
    }

    /** The keys grouped by flow id, each group in arrival order. */
    public static <T> Map<Long, List<String>> byFlow(List<T> events, ToLongFunction<T> flowId, Function<T, String> key) {
        return events.stream().collect(Collectors.groupingBy(flowId::applyAsLong,
                Collectors.mapping(key, Collectors.toList())));
    }

    public static Map<Long, List<String>> kernelByFlow(List<KernelEvent> events) {
        return byFlow(events, KernelEvent::id, EventKeys::of);
    }
}
