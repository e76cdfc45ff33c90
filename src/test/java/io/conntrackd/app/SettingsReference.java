package io.conntrackd.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the settings catalog as operators read it: the sample configuration file
 * (contrib/conntrackd.yaml, every key commented out with its default) and the settings table of
 * docs/configuration.md. {@link DocsConsistencyTest} compares these with the files, so the docs
 * cannot drift from {@link Settings}.
 */
final class SettingsReference {

    private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9_./-]+");

    /** The default as shown to operators: lists joined with ", ". */
    String shownDefault(Setting s) {
        String d = s.defaultValue();
        return s.kind() == Setting.Kind.LIST ? String.join(", ", ConfigurationResolver.split(s, d)) : d;
    }

    /** The setting's description, with the allowed values of a choice. */
    static String describe(Setting s) {
        if (s.kind() != Setting.Kind.CHOICE) {
            return s.description();
        }
        String choices = String.join(", ", s.choices());
        return s.description().endsWith(".") ? s.description() + " One of: " + choices + "."
                : s.description() + ": " + choices;
    }

    /** The table rows of docs/configuration.md, one per setting. */
    String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key in the file | Flag | Environment variable | Default | Description |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Setting s : Settings.all()) {
            String key = s == Settings.CONFIG ? "(flag and variable only)" : code(s.key());
            String d = shownDefault(s);
            sb.append("| ").append(key).append(" | ").append(code(s.flag())).append(" | ")
                    .append(code(s.environmentVariable())).append(" | ").append(d.isEmpty() ? "" : code(d))
                    .append(" | ").append(describe(s).replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }

    /** Advice shown in the sample above a setting's default. */
    private static final Map<String, String> RECOMMENDED = Map.of("sink.loki.buffer",
            "For Loki, set 'buffer: disk' so that outages and restarts lose nothing (docs/operations.md, Disk buffer)");

    /** contrib/conntrackd.yaml. */
    String sampleConfig() {
        StringBuilder sb = new StringBuilder("""
                # conntrackd configuration file: /etc/conntrackd/conntrackd.yaml
                #
                # Every key is shown with its default value, commented out: remove the leading '#' of a
                # key (and of the sections above it) to set it. The same settings can be given as
                # environment variables (CONNTRACKD_SINK_STREAM_WRITER) and flags (--sink.stream.writer);
                # flags win over variables, variables over this file. The file may also be named
                # conntrackd.yml, .json or .toml, with the same keys (in any case); of several, the first
                # of .json, .toml, .yaml, .yml is read. docs/configuration.md describes every setting;
                # docs/filter.md the filter rules.
                ---
                """);
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Setting s : Settings.all()) {
            if (s == Settings.CONFIG) {
                continue; // it names the file itself
            }
            insert(tree, s.key().split("\\."), 0, s);
        }
        render(sb, tree, "");
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> node, String[] path, int i, Setting s) {
        if (i == path.length - 1) {
            node.put(path[i], s);
        } else {
            insert((Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>()),
                    path, i + 1, s);
        }
    }

    @SuppressWarnings("unchecked")
    private void render(StringBuilder sb, Map<String, Object> node, String indent) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (indent.isEmpty()) {
                sb.append('\n');
            }
            if (e.getValue() instanceof Setting s) {
                sb.append(indent.isEmpty() ? "# " : "#" + indent + "# ").append(describe(s)).append('\n');
                if (RECOMMENDED.containsKey(s.key())) {
                    sb.append('#').append(indent).append("# ").append(RECOMMENDED.get(s.key())).append('\n');
                }
                sb.append('#').append(indent).append(e.getKey()).append(": ").append(yamlValue(s)).append('\n');
            } else {
                sb.append('#').append(indent).append(e.getKey()).append(":\n");
                render(sb, (Map<String, Object>) e.getValue(), indent + "  ");
            }
        }
    }

    private String yamlValue(Setting s) {
        String d = s.defaultValue();
        return switch (s.kind()) {
            case LIST -> {
                List<String> items = new ArrayList<>();
                for (String item : ConfigurationResolver.split(s, d)) {
                    items.add(quoted(item));
                }
                yield "[" + String.join(", ", items) + "]";
            }
            case BOOLEAN, INTEGER, CHOICE -> d;
            default -> PLAIN_YAML.matcher(d).matches() ? d : quoted(d);
        };
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
