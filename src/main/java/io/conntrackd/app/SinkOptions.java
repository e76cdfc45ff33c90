package io.conntrackd.app;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.conntrackd.sink.InvalidOptionException;
import io.conntrackd.sink.SinkConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * The settings of one sink, derived from its configuration class: one per {@code @UriPath} or
 * {@code @UriParam} field, read by reflection on those runtime annotations. The key is
 * {@code sink.NAME.} and the option name in kebab case ({@code batchLines}: {@code sink.loki.batch-lines}),
 * unless the sink renames it; the kind follows the field's type, the choices its enum (or the
 * annotation's {@code enums}), the description the annotation and the default the field's initial
 * value. Secret options are never settings.
 *
 * @param <C> the sink's configuration class
 */
final class SinkOptions<C extends SinkConfiguration> {

    /** One option: the field and the setting that sets it. */
    private record Option(Field field, Setting setting) {
    }

    private final Supplier<C> factory;
    private final Map<String, Option> byName = new LinkedHashMap<>();
    private Field path;

    /**
     * Options that every sink having them takes from one daemon setting, not from a {@code sink.NAME.}
     * setting of its own: the disk buffers' directory.
     */
    private static final Map<String, Setting> DAEMON_WIDE = Map.of("bufferDirectory", Settings.BUFFER_DIR);

    /**
     * @param sink       the sink's name in its settings, e.g. {@code loki}
     * @param factory    a configuration with every default
     * @param renamed    setting names (after {@code sink.NAME.}) that are not the option's kebab case
     * @param separators the separator of each option that is a list of items in one string
     */
    SinkOptions(String sink, Supplier<C> factory, Map<String, String> renamed, Map<String, String> separators) {
        this.factory = factory;
        C defaults = factory.get();
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> t = defaults.getClass(); t != Object.class; t = t.getSuperclass()) {
            types.add(t); // the sink's own options first, those every sink has last
        }
        for (Class<?> type : types) {
            for (Field field : type.getDeclaredFields()) {
                UriPath uriPath = field.getAnnotation(UriPath.class);
                UriParam uriParam = field.getAnnotation(UriParam.class);
                if (uriPath == null && (uriParam == null || uriParam.secret())) {
                    continue;
                }
                if (uriPath != null) {
                    path = field;
                }
                String name = field.getName();
                String key = "sink." + sink + "." + renamed.getOrDefault(name, kebabCase(name));
                String description = uriPath != null ? uriPath.description() : uriParam.description();
                String enums = uriPath != null ? uriPath.enums() : uriParam.enums();
                Setting setting = DAEMON_WIDE.containsKey(name) ? DAEMON_WIDE.get(name)
                        : setting(key, field, valueOf(field, defaults), description, enums, separators.get(name));
                byName.put(name, new Option(field, setting));
            }
        }
    }

    /** The key of the setting of {@code option} (a field name, e.g. keyStore: sink.kafka.tls.key-store). */
    String settingKey(String option) {
        Option o = byName.get(option);
        if (o == null) {
            throw new IllegalArgumentException("no option " + option);
        }
        return o.setting().key();
    }

    /** The settings, the sink's own options first; the daemon-wide ones are the daemon's. */
    List<Setting> settings() {
        return byName.values().stream().map(Option::setting).filter(s -> !DAEMON_WIDE.containsValue(s)).toList();
    }

    /** The options from the configuration: a value that differs from the setting's default is set. */
    C configure(Configuration config) {
        C options = factory.get();
        for (Option o : byName.values()) {
            Setting s = o.setting();
            Object value = s.kind() == Setting.Kind.LIST ? String.join(s.separator(), config.list(s)) : config.string(s);
            if (!value.equals(s.defaultValue())) {
                set(options, o.field(), typed(o.field(), s, config));
            }
        }
        return options;
    }

    /** The path of the sink's endpoint URI: the value of the {@code @UriPath} option. */
    String path(C options) {
        return text(valueOf(path, options)).trim();
    }

    /**
     * The configuration error for an option that the sink refuses: the culprit named with its setting,
     * value and origin, and the other options named by their settings or by {@code otherNames}.
     */
    ConfigurationException invalid(InvalidOptionException e, Configuration config, Map<String, String> otherNames) {
        UnaryOperator<String> nameOf = option -> byName.containsKey(option) ? byName.get(option).setting().key()
                : otherNames.getOrDefault(option, option);
        Option culprit = byName.get(e.option());
        String described = culprit == null ? nameOf.apply(e.option()) : config.describe(culprit.setting());
        return new ConfigurationException(e.render(described, nameOf), e);
    }

    private static Setting setting(String key, Field field, Object defaultValue, String description, String enums,
                                   String separator) {
        Class<?> type = field.getType();
        if (type == boolean.class) {
            return Setting.bool(key, (Boolean) defaultValue, description);
        }
        if (type == int.class || type == long.class) {
            return Setting.integer(key, ((Number) defaultValue).longValue(), description);
        }
        if (type.isEnum()) {
            List<String> choices = enums.isEmpty()
                    ? Arrays.stream(type.getEnumConstants()).map(SinkOptions::text).toList()
                    : Arrays.stream(enums.split(",")).map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
            return Setting.choice(key, text(defaultValue), description, choices);
        }
        if (type == String.class) {
            return separator == null ? Setting.string(key, text(defaultValue), description)
                    : Setting.list(key, text(defaultValue), description, separator);
        }
        throw new IllegalStateException("option " + field + " has a type that settings cannot hold: " + type);
    }

    private static Object typed(Field field, Setting s, Configuration config) {
        Class<?> type = field.getType();
        return switch (s.kind()) {
            case BOOLEAN -> config.bool(s);
            case INTEGER -> type == long.class ? (Object) (long) config.integer(s) : (Object) config.integer(s);
            case CHOICE -> Arrays.stream(type.getEnumConstants()).filter(c -> text(c).equals(config.string(s)))
                    .findFirst().orElseThrow();
            case LIST -> String.join(s.separator(), config.list(s));
            case STRING -> config.string(s);
        };
    }

    /** An option's value as a setting shows it: an enum constant in lower case with - for _, null empty. */
    private static String text(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return value == null ? "" : value.toString();
    }

    /** {@code batchLines} as {@code batch-lines}. */
    static String kebabCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Object valueOf(Field field, Object options) {
        try {
            field.setAccessible(true);
            return field.get(options);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Through the option's setter, as Camel's configurers set it. */
    private static void set(Object options, Field field, Object value) {
        String setter = "set" + Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1);
        try {
            options.getClass().getMethod(setter, field.getType()).invoke(options, value);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("option " + field + " has no public " + setter, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("setting option " + field + " failed", e.getCause());
        }
    }
}
