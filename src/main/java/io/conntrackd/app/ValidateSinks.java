package io.conntrackd.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.conntrackd.app.validate.BufferDirectoryCheck;
import io.conntrackd.app.validate.Check;
import org.apache.camel.util.URISupport;

/**
 * {@code validate}'s sink checks: every enabled sink (or the stream sink standing in for none) is configured as
 * {@code run} configures it ({@link SinkDefinition#prepare}) and probed with {@code run}'s start-up check, which
 * sends no event; a sink buffered on disk also has its directory checked.
 *
 * @param checks the checks, one or two per enabled sink
 * @param uris   the endpoint URIs of the sinks that could be configured, for the default route
 * @param beans  their components, by scheme
 */
record ValidateSinks(List<Check> checks, List<String> uris, Map<String, Object> beans) {

    /** The sinks' documents, by name, for the hints. */
    private static final Map<String, String> DOCS = Map.of("journal", "docs/journald.md", "syslog", "docs/syslog.md",
            "loki", "docs/loki.md", "kafka", "docs/kafka.md");

    static ValidateSinks check(Configuration config, Map<String, String> environment) {
        List<Check> checks = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        Map<String, Object> beans = new LinkedHashMap<>();
        SinkPlan.standIn(config).ifPresent(standIn -> checks.add(Check.warning("sinks", standIn,
                SinkPlan.ENABLE + " (or sink.NAME.enable: true in the file)")));
        for (SinkDefinition<?> d : SinkPlan.toConfigure(config)) {
            String id = "sink." + d.name();
            SinkDefinition.Prepared sink;
            try {
                sink = d.prepare(config, environment);
            } catch (ConfigurationException e) {
                checks.add(Check.error(id, e.getMessage(), ValidateCommand.FIX_VALUE));
                continue;
            }
            uris.add(sink.endpointUri());
            beans.put(sink.scheme(), sink.component());
            checks.add(probe(id, sink));
            if (sink.diskBuffered()) {
                checks.add(BufferDirectoryCheck.check(d.name(),
                        Path.of(config.string(Settings.BUFFER_DIR), d.name())));
            }
        }
        return new ValidateSinks(checks, uris, beans);
    }

    private static Check probe(String id, SinkDefinition.Prepared sink) {
        String uri = URISupport.sanitizeUri(sink.endpointUri());
        try {
            sink.probe().check();
            return Check.ok(id, uri + ": its start-up check passed");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String hint = "start the destination or correct its address"
                    + (DOCS.containsKey(sink.name()) ? " (" + DOCS.get(sink.name()) + ")" : "");
            return sink.diskBuffered()
                    ? Check.warning(id, uri + ": not available now (" + e.getMessage() + "); run starts it anyway and"
                            + " its events wait in its disk buffer", hint)
                    : Check.error(id, uri + ": not available (" + e.getMessage() + "); run would go on without it,"
                            + " or exit with sink.exit-on-warning", hint);
        }
    }
}
