package io.conntrackd.sink.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conntrackd.sink.EventField;
import org.junit.jupiter.api.Test;

/** The shipped dashboard must query the labels and fields the sink really writes. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("contrib/grafana/conntrackd-loki-dashboard.json");
    private static final Set<String> LABELS = Set.of("service_name", "host", "type", "prot");
    private static final Pattern SELECTOR = Pattern.compile("\\{(\\w+\\s*(?:=|=~|!=|!~)\\s*\"[^\"]*\""
            + "(?:\\s*,\\s*\\w+\\s*(?:=|=~|!=|!~)\\s*\"[^\"]*\")*)}");
    private static final Pattern MATCHER_NAME = Pattern.compile("(\\w+)\\s*(?:=|=~|!=|!~)\\s*\"");
    private static final Pattern GROUPING = Pattern.compile("by \\(([^)]*)\\)");
    private static final Pattern FIELD_FILTER = Pattern.compile("\\| (\\w+)\\s*!=\\s*\"\"|unwrap (\\w+)");

    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(v -> {
            if (v.has("definition")) {
                queries.add(v.get("definition").asText());
            }
        });
        return queries;
    }

    @Test
    void queriesUseOnlyTheSinksLabelsAndFields() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> fields = Arrays.stream(EventField.values()).map(EventField::key).collect(Collectors.toSet());
        List<String> queries = queries(dashboard);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
        for (String q : queries) {
            Matcher selector = SELECTOR.matcher(q);
            assertThat(selector.find()).as("stream selector in %s", q).isTrue();
            Matcher names = MATCHER_NAME.matcher(selector.group(1));
            while (names.find()) {
                assertThat(LABELS).as("label in %s", q).contains(names.group(1));
            }
            assertThat(selector.group(1)).as(q).contains("service_name=\"conntrackd\"");
            Matcher by = GROUPING.matcher(q);
            while (by.find()) {
                for (String name : by.group(1).split(",")) {
                    assertThat(name.strip()).as("grouping in %s", q).isIn(union(LABELS, fields));
                }
            }
            Matcher filter = FIELD_FILTER.matcher(q);
            while (filter.find()) {
                String name = filter.group(1) != null ? filter.group(1) : filter.group(2);
                assertThat(fields).as("field in %s", q).contains(name);
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
