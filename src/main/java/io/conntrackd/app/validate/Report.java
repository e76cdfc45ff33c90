package io.conntrackd.app.validate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checks of one {@code conntrackd validate}, in the order they ran, and how they are shown: one line per
 * check for people, or one JSON document for machines (docs/validate.md describes both).
 */
public final class Report {

    /** Every check passed, warnings allowed. */
    public static final int EXIT_OK = 0;
    /** At least one check failed. */
    public static final int EXIT_ERROR = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<Check> checks = new ArrayList<>();

    public void add(Check check) {
        checks.add(check);
    }

    public void addAll(Collection<Check> more) {
        checks.addAll(more);
    }

    /** The worst status of all checks; {@code OK} when there are none. */
    public Status status() {
        return checks.stream().map(Check::status).max(Enum::compareTo).orElse(Status.OK);
    }

    public int exitCode() {
        return status() == Status.ERROR ? EXIT_ERROR : EXIT_OK;
    }

    /** How many checks ended with each status, every status present. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        checks.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return counts;
    }

    /**
     * One line per check, {@code STATUS  ID  MESSAGE; hint: HINT}, the columns aligned, and a last line that
     * counts them.
     */
    public String text() {
        int width = checks.stream().mapToInt(c -> c.id().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Check c : checks) {
            out.append(String.format("%-7s  %-" + width + "s  %s", c.status().label(), c.id(), c.message()));
            if (!c.hint().isEmpty()) {
                out.append("; hint: ").append(c.hint());
            }
            out.append('\n');
        }
        Map<Status, Integer> counts = counts();
        out.append(checks.size()).append(checks.size() == 1 ? " check: " : " checks: ")
                .append(counts.get(Status.OK)).append(" ok, ")
                .append(plural(counts.get(Status.WARNING), "warning")).append(", ")
                .append(plural(counts.get(Status.ERROR), "error")).append('\n');
        return out.toString();
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /**
     * {@code {"status": ..., "exitCode": ..., "counts": {"ok": N, "warning": N, "error": N}, "checks": [{"id": ...,
     * "status": ..., "message": ..., "hint": ...}, ...]}}; a check without a hint has no {@code hint}.
     */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status().label());
        root.put("exitCode", exitCode());
        ObjectNode counts = root.putObject("counts");
        counts().forEach((status, n) -> counts.put(status.label(), n));
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode item = list.addObject();
            item.put("id", c.id());
            item.put("status", c.status().label());
            item.put("message", c.message());
            if (!c.hint().isEmpty()) {
                item.put("hint", c.hint());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }
}
