package io.conntrackd.filter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.runtime.CelVariableResolver;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.conntrack.Family;
import io.conntrackd.conntrack.IpAddress;
import io.conntrackd.conntrack.Tuple;

/**
 * The values of {@link EventTypes}' variables for one event, computed when an expression asks for
 * them. One instance serves every rule evaluated on the event.
 *
 * <p>Integers are {@code Long} (CEL's int). Values the kernel did not send read as the kernel's own
 * default: mark and zone 0, an empty TCP state for UDP, and the inverse of the original tuple as reply;
 * an event of the listener's own namespace has netns_id -1 (NETNSA_NSID_NOT_ASSIGNED) and netns "".
 */
final class EventVariables implements CelVariableResolver {

    private final ConntrackEvent event;

    EventVariables(ConntrackEvent event) {
        this.event = event;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(value(name));
    }

    /** The value of a declared name, or {@code null} for an unknown one. */
    Object value(String name) {
        Tuple original = event.original();
        return switch (name) {
            case "event.type" -> event.type().name();
            case "protocol" -> event.protocol().name();
            case "source.address" -> original.source().toString();
            case "source.port" -> (long) original.sourcePort();
            case "destination.address" -> original.destination().toString();
            case "destination.port" -> (long) original.destinationPort();
            case "event.flow_id" -> event.flowId();
            case "event.family" -> event.family() == Family.IPV4 ? "IPv4" : "IPv6";
            case "event.tcp_state" -> event.tcpState() == null ? "" : event.tcpState().name();
            case "event.mark" -> Math.max(0, event.mark());
            case "event.zone" -> Math.max(0, event.zone());
            case "event.nat" -> event.isTranslated();
            case "event.netns_id" -> event.namespace() == null ? -1L : (long) event.namespace().id();
            case "event.netns" -> event.namespace() == null || event.namespace().name() == null ? ""
                    : event.namespace().name();
            case "reply.source.address" -> reply().source().toString();
            case "reply.source.port" -> (long) reply().sourcePort();
            case "reply.destination.address" -> reply().destination().toString();
            case "reply.destination.port" -> (long) reply().destinationPort();
            case "any" -> Boolean.TRUE;
            default -> struct(name);
        };
    }

    /** The address behind one of the four address variables ({@code source.address}, ...), else {@code null}. */
    IpAddress address(String name) {
        return switch (name) {
            case "source.address" -> event.original().source();
            case "destination.address" -> event.original().destination();
            case "reply.source.address" -> reply().source();
            case "reply.destination.address" -> reply().destination();
            default -> null;
        };
    }

    private Tuple reply() {
        return event.reply() != null ? event.reply() : event.original().inverse();
    }

    /** A whole struct ({@code source}, {@code reply}) as a map, for the rare expression that uses one. */
    private Map<String, Object> struct(String name) {
        CelType type = EventTypes.ALL_NAMES.get(name);
        if (!(type instanceof StructType struct)) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : struct.fieldNames()) {
            fields.put(field, value(name + "." + field));
        }
        return fields;
    }
}
