package io.conntrackd.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The result of Camel's health checks of one kind (liveness, readiness or both) as a JSON document:
 * {@code {"status":"UP","checks":[{"name":"...","status":"UP","message":"...","details":{...}}]}}.
 * The overall status is UP only when every check is UP.
 */
public final class HealthReport {

    /** Which checks to run. */
    public enum Kind {
        LIVENESS, READINESS, ALL
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean up;
    private final Map<String, Object> document;

    private HealthReport(boolean up, Map<String, Object> document) {
        this.up = up;
        this.document = document;
    }

    /** Runs the checks of {@code kind}; with no context yet (still starting), the report is DOWN. */
    public static HealthReport of(CamelContext context, Kind kind) {
        if (context == null || !context.isStarted()) {
            return new HealthReport(false, Map.of("status", "DOWN", "checks", List.of(),
                    "message", "conntrackd is " + (context == null || !context.isStopping() ? "starting" : "stopping")));
        }
        // exposure level "full": every check with its details (Camel's default shows only failed ones)
        Collection<HealthCheck.Result> results = switch (kind) {
            case LIVENESS -> HealthCheckHelper.invoke(context, check -> Map.of(HealthCheck.CHECK_KIND,
                    HealthCheck.Kind.LIVENESS), check -> !check.isLiveness(), "full");
            case READINESS -> HealthCheckHelper.invoke(context, check -> Map.of(HealthCheck.CHECK_KIND,
                    HealthCheck.Kind.READINESS), check -> !check.isReadiness(), "full");
            case ALL -> HealthCheckHelper.invoke(context, check -> Map.of(), check -> false, "full");
        };
        List<HealthCheck.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(r -> r.getCheck().getId()));
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean up = true;
        for (HealthCheck.Result r : sorted) {
            up &= r.getState() == HealthCheck.State.UP;
            checks.add(check(r));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("status", up ? "UP" : "DOWN");
        document.put("checks", checks);
        return new HealthReport(up, document);
    }

    private static Map<String, Object> check(HealthCheck.Result r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", r.getCheck().getId());
        c.put("status", r.getState().name());
        r.getMessage().ifPresent(m -> c.put("message", m));
        r.getError().ifPresent(e -> c.put("error", e.toString()));
        Map<String, Object> details = new LinkedHashMap<>();
        r.getDetails().forEach((k, v) -> {
            if (!HealthCheckHelper.isReservedKey(k)) {
                details.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        });
        if (!details.isEmpty()) {
            c.put("details", details);
        }
        return c;
    }

    public boolean isUp() {
        return up;
    }

    /** The report as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the health report", e);
        }
    }
}
