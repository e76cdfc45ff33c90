import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run by DaemonJarIT as {@code java -cp DAEMON_JAR DaemonJarProbe.java DAEMON_JAR}, so that nothing but the
 * daemon's jar is on the classpath: resolves every component, data format and language whose service file
 * the jar holds, loads every type converter loader it lists, and looks up conntrackd's converters. Prints
 * one line per item: KIND NAME ok|FAILED ...
 */
public class DaemonJarProbe {

    private static final String SERVICES = "META-INF/services/org/apache/camel/";

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext(); ZipFile jar = new ZipFile(args[0])) {
            context.start();
            for (String name : names(jar, "component/")) {
                report("component", name, () -> context.getComponent(name));
            }
            for (String name : names(jar, "dataformat/")) {
                report("dataformat", name, () -> context.resolveDataFormat(name));
            }
            for (String name : names(jar, "language/")) {
                report("language", name, () -> context.resolveLanguage(name));
            }
            String loaders = new String(jar.getInputStream(jar.getEntry(SERVICES + "TypeConverterLoader")).readAllBytes());
            for (String line : loaders.split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    report("converter-loader", name, () -> Class.forName(name));
                }
            }
            Class<?> event = Class.forName("io.conntrackd.conntrack.ConntrackEvent");
            for (Class<?> to : List.of(String.class, byte[].class, java.io.InputStream.class, java.util.Map.class)) {
                report("converter", "ConntrackEvent->" + to.getSimpleName(),
                        () -> context.getTypeConverterRegistry().lookup(to, event));
            }
            report("converter", "String->ConntrackEvent",
                    () -> context.getTypeConverterRegistry().lookup(event, String.class));
        }
    }

    interface Lookup {
        Object get() throws Exception;
    }

    private static void report(String kind, String name, Lookup lookup) {
        try {
            Object found = lookup.get();
            System.out.println(kind + " " + name + (found != null ? " ok" : " FAILED: not found"));
        } catch (Throwable e) {
            System.out.println(kind + " " + name + " FAILED: " + e);
        }
    }

    private static List<String> names(ZipFile jar, String kind) {
        List<String> names = new ArrayList<>();
        jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith(SERVICES + kind) && !n.endsWith("/"))
                .forEach(n -> names.add(n.substring((SERVICES + kind).length())));
        return names;
    }
}
