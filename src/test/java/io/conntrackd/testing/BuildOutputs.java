package io.conntrackd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What {@code ./mvnw verify} built before the *IT tests ran, at the paths failsafe passes in: the library
 * jar, the daemon's runtime classpath, and the host-application projects that maven-invoker-plugin built
 * against the installed library (target/it/NAME).
 */
public final class BuildOutputs {

    private BuildOutputs() {
    }

    /** The library, the main artifact: {@code target/conntrackd-camel-VERSION.jar}. */
    public static Path libraryJar() {
        return file("conntrackd.library.jar", "the library jar");
    }

    /** The jars of the daemon's runtime classpath (optional dependencies included), as Maven resolved them. */
    public static List<Path> runtimeClasspath() throws IOException {
        Path list = file("conntrackd.runtime.classpath", "the runtime classpath list");
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(list).strip().split(":")) {
            jars.add(Path.of(entry));
        }
        return jars;
    }

    /** The directory of a host-application project after the invoker built it ({@code target/it/NAME}). */
    public static Path hostProject(String name) {
        String dir = System.getProperty("conntrackd.host.projects");
        Path project = dir == null ? null : Path.of(dir, name);
        Prerequisites.require(project != null && Files.isDirectory(project.resolve("target")),
                "the host project " + name + " was not built (the *IT tests run with ./mvnw verify, which"
                        + " builds src/it/" + name + " with maven-invoker-plugin first): " + project);
        return project;
    }

    /** The names of the entries of a jar (directories end with '/'). */
    public static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private static Path file(String property, String what) {
        String value = System.getProperty(property);
        Prerequisites.require(value != null && Files.isRegularFile(Path.of(value)),
                what + " is missing (run the *IT tests with ./mvnw verify): " + value);
        return Path.of(value);
    }
}
