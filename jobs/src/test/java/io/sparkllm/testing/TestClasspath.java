package io.sparkllm.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath this test JVM really runs on, in order: jars and class directories. Surefire may
 * start the JVM on a manifest-only booter jar, so {@code java.class.path} alone can be one jar
 * whose manifest {@code Class-Path} names the real entries; both forms are expanded here.
 */
public final class TestClasspath {
    private TestClasspath() {
    }

    public static List<Path> entries() {
        String classpath = System.getProperty("surefire.test.class.path");
        if (classpath == null || classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            List<Path> listed = manifestClassPath(path);
            if (listed.isEmpty()) {
                out.add(path);
            } else {
                out.addAll(listed);
            }
        }
        out.removeIf(p -> !Files.exists(p));
        return List.copyOf(out);
    }

    /** The entries a manifest-only jar points at; empty for any other entry. */
    static List<Path> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String listed = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            boolean onlyManifest = file.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
            if (listed == null || listed.isBlank() || !onlyManifest) {
                return List.of();
            }
            URI base = jar.toUri();
            List<Path> out = new ArrayList<>();
            for (String item : listed.trim().split("\\s+")) {
                out.add(Path.of(base.resolve(item)).toAbsolutePath().normalize());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath entry " + jar, e);
        }
    }
}
