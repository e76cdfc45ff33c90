package io.conntrackd.app;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code ext-dir}: jars that join conntrackd's classpath at start, so that a route can use a Camel component
 * (or a data format, a language, a bean) that the daemon does not ship, without a rebuild. As with Kafka
 * Connect's {@code plugin.path}, the directory holds jars, or subdirectories of jars (one per component with
 * its dependencies). By default it is {@code ext} beside the daemon's jar: {@code /usr/lib/conntrackd/ext}
 * when installed with {@code PREFIX=/usr}.
 *
 * <p>The jars are loaded by a class loader whose parent is the daemon's, set as the thread's context class
 * loader and as Camel's application context class loader before Camel starts: Camel looks up components,
 * type converters and classes named in routes through them. This works under {@code java -jar} too, which
 * ignores {@code -cp}. The daemon's own classes come first, so a jar that repeats one of them (Camel's core,
 * brought along by a component's dependencies) changes nothing.
 */
final class ExtensionDirectory {

    static final String DEFAULT_NAME = "ext";

    private final Path directory;
    private final List<Path> jars;
    private final ClassLoader loader;

    private ExtensionDirectory(Path directory, List<Path> jars, ClassLoader loader) {
        this.directory = directory;
        this.jars = jars;
        this.loader = loader;
    }

    /**
     * Opens the directory the settings name, or the default one; checks that every {@code *.jar} in it is a
     * jar. A directory that was named but does not exist is an error; a missing default one is not.
     */
    static ExtensionDirectory open(Configuration config) throws ConfigurationException {
        String named = config.string(Settings.EXT_DIR);
        Path directory = named.isEmpty() ? defaultDirectory() : Path.of(named);
        if (!Files.isDirectory(directory)) {
            if (!named.isEmpty()) {
                throw Configuration.invalid(Settings.EXT_DIR, named, config.origin(Settings.EXT_DIR),
                        "a directory of jars (it does not exist or is not a directory)");
            }
            return new ExtensionDirectory(directory, List.of(), ExtensionDirectory.class.getClassLoader());
        }
        List<Path> jars = jars(directory);
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            checkIsAJar(jar);
            urls.add(url(jar));
        }
        ClassLoader parent = ExtensionDirectory.class.getClassLoader();
        return new ExtensionDirectory(directory, jars,
                jars.isEmpty() ? parent : new URLClassLoader("conntrackd-ext", urls.toArray(URL[]::new), parent));
    }

    /** {@code ext} beside the jar (or classes directory) conntrackd runs from. */
    static Path defaultDirectory() {
        try {
            CodeSource source = ExtensionDirectory.class.getProtectionDomain().getCodeSource();
            return Path.of(source.getLocation().toURI()).toAbsolutePath().getParent().resolve(DEFAULT_NAME);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(DEFAULT_NAME).toAbsolutePath();
        }
    }

    Path directory() {
        return directory;
    }

    List<Path> jars() {
        return jars;
    }

    ClassLoader classLoader() {
        return loader;
    }

    /**
     * What to tell the operator when Camel failed to start because a class is missing: the class, and the
     * extension jar whose class needed it. {@code null} when {@code failure} is about something else.
     */
    String missingClass(Throwable failure) {
        String missing = null;
        String neededBy = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (missing == null && (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException)) {
                missing = String.valueOf(t.getMessage()).replace('/', '.');
            }
            if (missing != null && neededBy == null) {
                neededBy = extensionClassIn(t.getStackTrace());
            }
        }
        if (missing == null) {
            return null;
        }
        return "class " + missing + " is missing" + (neededBy == null ? "" : ", needed by " + neededBy)
                + ": put the jars that hold it into the extension directory " + directory
                + " (ext-dir; docs/camel.md, \"Adding a component\")";
    }

    /** The first frame whose class comes from an extension jar, as "CLASS in JAR", or {@code null}. */
    private String extensionClassIn(StackTraceElement[] frames) {
        for (StackTraceElement frame : frames) {
            try {
                Class<?> c = Class.forName(frame.getClassName(), false, loader);
                CodeSource source = c.getProtectionDomain().getCodeSource();
                Path jar = source == null ? null : Path.of(source.getLocation().toURI());
                if (jar != null && jars.contains(jar)) {
                    return c.getName() + " in " + jar;
                }
            } catch (ClassNotFoundException | LinkageError | URISyntaxException | RuntimeException e) {
                // not a class we can place: look further
            }
        }
        return null;
    }

    /** The {@code *.jar} files in the directory and in its subdirectories (one level), sorted. */
    private static List<Path> jars(Path directory) throws ConfigurationException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> inner = Files.list(entry)) {
                        inner.filter(ExtensionDirectory::isJar).sorted().forEach(jars::add);
                    }
                } else if (isJar(entry)) {
                    jars.add(entry);
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("extension directory " + directory + ": cannot be read: " + e, e);
        }
        return jars.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    private static boolean isJar(Path file) {
        return file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file);
    }

    private static void checkIsAJar(Path jar) throws ConfigurationException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            file.size();
        } catch (IOException e) {
            throw new ConfigurationException("extension jar " + jar + " is not a jar (" + e.getMessage()
                    + "): remove it from the extension directory or replace it", e);
        }
    }

    private static URL url(Path jar) throws ConfigurationException {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigurationException("extension jar " + jar + ": " + e.getMessage(), e);
        }
    }
}
