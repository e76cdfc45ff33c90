package io.conntrackd.filter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;

/**
 * The variables a CEL expression can use on a conntrack event, with their types, so that the checker
 * rejects typos ({@code event.typ}) and wrong types at startup.
 *
 * <p>{@code event}, {@code source}, {@code destination} and {@code reply} are declared as struct types.
 * Every field path ({@code source.address}, {@code reply.source.port}) is also declared as a variable of
 * its own: the checker then resolves a path to one name, and at run time it is fetched in one lookup
 * instead of through a map per struct (see {@link EventVariables}).
 */
final class EventTypes implements CelTypeProvider {

    static final StructType ENDPOINT = struct("conntrackd.Endpoint", fields(
            "address", SimpleType.STRING,
            "port", SimpleType.INT));
    static final StructType TUPLE = struct("conntrackd.Tuple", fields(
            "source", ENDPOINT,
            "destination", ENDPOINT));
    static final StructType EVENT = struct("conntrackd.Event", fields(
            "type", SimpleType.STRING,
            "flow_id", SimpleType.INT,
            "family", SimpleType.STRING,
            "tcp_state", SimpleType.STRING,
            "mark", SimpleType.INT,
            "zone", SimpleType.INT,
            "nat", SimpleType.BOOL,
            "netns_id", SimpleType.INT,
            "netns", SimpleType.STRING));

    /** The top-level variables. */
    static final Map<String, CelType> ROOTS = Collections.unmodifiableMap(fields(
            "event", EVENT,
            "protocol", SimpleType.STRING,
            "source", ENDPOINT,
            "destination", ENDPOINT,
            "reply", TUPLE,
            "any", SimpleType.BOOL));

    /** Every name a rule can use: the roots and every field path below them, with its type. */
    static final Map<String, CelType> ALL_NAMES = Collections.unmodifiableMap(allNames());

    private static final ImmutableList<CelType> TYPES = ImmutableList.of(ENDPOINT, TUPLE, EVENT);

    @Override
    public ImmutableCollection<CelType> types() {
        return TYPES;
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return TYPES.stream().filter(t -> t.name().equals(typeName)).findFirst();
    }

    private static Map<String, CelType> fields(Object... nameTypePairs) {
        Map<String, CelType> out = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.put((String) nameTypePairs[i], (CelType) nameTypePairs[i + 1]);
        }
        return out;
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                field -> Optional.ofNullable(fields.get(field)));
    }

    private static Map<String, CelType> allNames() {
        Map<String, CelType> out = new LinkedHashMap<>();
        ROOTS.forEach((name, type) -> addWithFields(out, name, type));
        return out;
    }

    private static void addWithFields(Map<String, CelType> out, String name, CelType type) {
        out.put(name, type);
        if (type instanceof StructType struct) {
            for (String field : struct.fieldNames()) {
                addWithFields(out, name + "." + field, struct.findField(field).orElseThrow().type());
            }
        }
    }
}
