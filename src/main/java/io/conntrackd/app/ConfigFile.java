package io.conntrackd.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A configuration file in the original's format (YAML, JSON or TOML, chosen by extension), read into
 * dotted keys in lower case, as viper reads them: {@code Sink: {Stream: {Writer: stderr}}} becomes
 * {@code sink.stream.writer = stderr}.
 */
final class ConfigFile {

    /**
     * The names searched, in order, when no file is given: viper's order of extensions (its SupportedExts:
     * json, toml, yaml, yml, then formats we do not read), as the original searched.
     */
    static final List<String> DEFAULT_NAMES = List.of("conntrackd.json", "conntrackd.toml", "conntrackd.yaml",
            "conntrackd.yml");

    private ConfigFile() {
    }

    /** The first default file in {@code directory}, or {@code null}. */
    static Path findDefault(Path directory) {
        for (String name : DEFAULT_NAMES) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Reads {@code file}: each value is a String or, for YAML/JSON/TOML arrays, a List of Strings. */
    static Map<String, Object> read(Path file) throws ConfigurationException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("configuration file " + file + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            root = mapperFor(file).readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ConfigurationException("configuration file " + file + " is not valid: "
                    + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigurationException("configuration file " + file + " must hold a mapping of keys");
            }
            flatten("", root, out, file);
        }
        return out;
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static ObjectMapper mapperFor(Path file) throws ConfigurationException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return new YAMLMapper();
        }
        if (name.endsWith(".json")) {
            return new ObjectMapper();
        }
        if (name.endsWith(".toml")) {
            return new TomlMapper();
        }
        throw new ConfigurationException("configuration file " + file
                + ": unknown format (the name must end in .yaml, .yml, .json or .toml)");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out, Path file)
            throws ConfigurationException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = e.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, out, file);
            } else if (value.isArray()) {
                out.put(key, items(key, value, file));
            } else if (!value.isNull()) {
                out.put(key, value.asText());
            }
        }
    }

    private static List<String> items(String key, JsonNode array, Path file) throws ConfigurationException {
        List<String> items = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                throw new ConfigurationException("key " + key + " in " + file + ": list items must be plain values");
            }
            items.add(item.asText());
        }
        return items;
    }
}
